import { expect } from 'chai';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/logs/logger.js';
import { startTestHost, createTestUser, waitFor } from '../../src/testing/index.js';

/** A pino destination that keeps every line written to it. */
function capture(): { stream: Writable; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}

const EMAIL = 'jane.doe@example.com';
const CARD = '4111111111111111';

describe('createLogger', () => {
  it('masks emails, phones, cards and IBANs in messages, fields and errors, and censors secret fields', () => {
    const out = capture();
    const log = createLogger({ logLevel: 'info', logPretty: false }, out.stream);
    log.info({ note: `from ${EMAIL}`, nested: { list: ['+33 6 12 34 56 78'] }, password: 'hunter2' }, `card ${CARD} seen`);
    log.error({ err: new Error(`IBAN DE89 3704 0044 0532 0130 00 refused for ${EMAIL}`) }, 'payment failed');
    const text = out.text();
    for (const datum of [EMAIL, CARD, '+33 6 12 34 56 78', 'DE89 3704', 'hunter2']) expect(text).not.to.include(datum);
    expect(text).to.include('card [card] seen').and.include('from [email]').and.include('[phone]').and.include('IBAN [iban] refused');
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).to.have.length(2);
    expect(lines[0]!.password).to.equal('[redacted]');
  });
});

describe('request logging', () => {
  it('leaves neither the email nor the card number a request carries in the log', async () => {
    const out = capture();
    const host = await startTestHost({ config: { logLevel: 'debug' }, logDestination: out.stream });
    try {
      const admin = await createTestUser(host, { role: 'admin' });
      // The path is logged: the marker proves this request's line is in the capture.
      const res = await fetch(`${host.url}/api/v1/marker-7f3a/${EMAIL}/${CARD}?email=${EMAIL}`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ email: EMAIL, card: CARD, text: `mail ${EMAIL}, card ${CARD}` }),
      });
      expect(res.status).to.equal(404);
      const bad = await fetch(`${host.url}/api/v1/ip-rules`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ cidr: `${EMAIL} ${CARD}`, action: 'block' }),
      });
      expect(bad.status).to.equal(400);
      await waitFor(() => out.text().includes('marker-7f3a') && out.text().includes('/api/v1/ip-rules'), {
        what: 'both request log lines',
        timeoutMs: 5000,
      });
      const text = out.text();
      expect(text).to.include('/api/v1/marker-7f3a/[email]/[card]');
      expect(text).not.to.include(EMAIL);
      expect(text).not.to.include(CARD);
    } finally {
      await host.close();
    }
  });
});
