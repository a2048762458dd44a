import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitFor } from '@bacon/host/testing';
import { clientId, openVisitor, startWidgetHost, type Visitor, type WidgetTestHost } from './support/widget-host.js';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on loopback that keeps every message it accepts. */
async function smtpServer(received: Received[]): Promise<SMTPServer> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

/** The text of a quoted-printable body (ASCII), as a mail client shows it. */
const decoded = (raw: string) =>
  raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

describe('replies emailed to offline web visitors (a real SMTP server on loopback)', function () {
  this.timeout(120_000);
  const received: Received[] = [];
  let smtp: SMTPServer;
  let t: WidgetTestHost;

  const start = async (v: Visitor, email: string, text: string) => {
    const res = await fetch(`${t.url}/widget/v1/conversations`, {
      method: 'POST',
      headers: v.headers,
      body: JSON.stringify({ text, clientMessageId: clientId(), contact: { email } }),
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    return ((await res.json()) as { conversation: { id: string } }).conversation.id;
  };
  const reply = (conversationId: string, text: string) =>
    t.inbox.sendAgentMessage(t.agent.user.tenantId, conversationId, { authorId: t.agent.user.id, text });
  const queueEmpty = async () => {
    const { knex } = t.host.services.db;
    const rows = (await knex('bacon_jobs.job')
      .where({ name: 'channels.offline-email' })
      .whereIn('state', ['created', 'retry', 'active'])
      .count({ n: '*' })) as { n: number | string }[];
    return Number(rows[0]!.n) === 0;
  };

  const setDelay = async (seconds: number) => {
    const settings = await fetch(`${t.url}/api/v1/plugins/channels/settings`, {
      method: 'PUT',
      headers: { ...t.admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ offlineEmailDelaySeconds: seconds }),
    });
    expect(settings.status, await settings.text()).to.equal(200);
  };

  before(async () => {
    smtp = await smtpServer(received);
    t = await startWidgetHost({ config: { smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}` } });
    await setDelay(0);
  });
  after(async () => {
    await t?.close();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  });

  it("emails an unseen reply to the contact's address, with a link to the conversation (HTML in it shown as text)", async () => {
    const v = await openVisitor(t);
    const id = await start(v, 'ada@visitor.test', 'Is my parcel lost?');
    await reply(id, 'Found it: <b>ships today</b>.');
    const mail = await waitFor(() => received.find((m) => m.to.includes('ada@visitor.test')), { what: 'the email', timeoutMs: 30_000 });
    const text = decoded(mail.raw);
    expect(text).to.match(/^Subject: New reply: /m);
    expect(text).to.include('Support: Found it: <b>ships today</b>.');
    const link = /(http:\/\/localhost:\d+\/widget\/v1\/transcript\/[\w-]+)/.exec(text)?.[1];
    expect(link, text).to.be.a('string');

    const page = await fetch(link!.replace('localhost', '127.0.0.1'));
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.match(/^text\/html/);
    const html = await page.text();
    expect(html).to.include('Is my parcel lost?').and.to.include('Found it: &lt;b&gt;ships today&lt;/b&gt;.');
    expect(html).not.to.include('<b>ships today</b>');
    const forged = await fetch(`${t.url}/widget/v1/transcript/${'x'.repeat(32)}`);
    expect(forged.status).to.equal(404);
  });

  it('does not email a reply the visitor saw within the delay, and emails each unseen reply once', async () => {
    // The checks run 10 s after a reply: Bea's open widget marks the reply read well before; Cy has no widget open.
    await setDelay(10);
    const b = await openVisitor(t);
    const bId = await start(b, 'bea@visitor.test', 'Hello?');
    const bReply = await reply(bId, 'Hi Bea, here already.');
    const read = await fetch(`${t.url}/widget/v1/conversations/${bId}/read`, {
      method: 'POST',
      headers: b.headers,
      body: JSON.stringify({ seq: bReply.seq }),
    });
    expect(read.status).to.be.within(200, 204);

    const a = await openVisitor(t);
    const aId = await start(a, 'cy@visitor.test', 'Anyone there?');
    await reply(aId, 'Yes, Cy: one moment.');
    await reply(aId, 'Found your order.');
    const mail = await waitFor(() => received.find((m) => m.to.includes('cy@visitor.test')), { what: "Cy's email", timeoutMs: 60_000 });
    // Both of Cy's replies were queued before either check ran: one email carries both.
    expect(decoded(mail.raw)).to.include('Support: Found your order.');
    expect(decoded(mail.raw)).to.include('Support: Yes, Cy: one moment.');
    // Every check has run (Bea's came due first): the path that emailed Cy had its chance with Bea.
    await waitFor(queueEmpty, { what: 'the offline-email jobs to finish', timeoutMs: 60_000 });
    expect(
      received.filter((m) => m.to.includes('bea@visitor.test')),
      'Bea saw the reply: no email',
    ).to.have.length(0);
    expect(
      received.filter((m) => m.to.includes('cy@visitor.test')),
      'one email per unseen reply',
    ).to.have.length(1);
  });
});
