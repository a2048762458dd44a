import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { withTestHost, createTestUser, createTestTenant, type TestHost } from '../../src/testing/index.js';
import { waitFor } from './wait-for.js';

const plugin = fileURLToPath(new URL('./fixtures/pii-echo.ts', import.meta.url));
const TEXT = 'reach me at jane.doe@example.com or +33 6 12 34 56 78, card 4111 1111 1111 1111';

async function enabledTenant(host: TestHost, grants: string[]): Promise<string> {
  const admin = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
  const res = await fetch(`${host.url}/api/v1/plugins/pii-echo/enable`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ grants }),
  });
  expect(res.status).to.equal(200);
  return admin.user.tenantId;
}

describe('sandboxed event triggers and the pii grant', function () {
  this.timeout(120_000);

  it('hand the event masked to a tenant without the pii grant and as written to one with it', async () => {
    await withTestHost({ plugins: [plugin], config: { eventsPollMs: 100 } }, async (host) => {
      const masked = await enabledTenant(host, ['events']);
      const granted = await enabledTenant(host, ['events', 'pii']);
      const fired = new Map<string, string>();
      host.services.bus.subscribe('trigger.pii-echo.noted', (e) => void fired.set(e.tenantId!, (e.payload as { text: string }).text));
      for (const tenantId of [masked, granted])
        await host.services.db.knex.transaction((trx) =>
          host.services.events.append(trx, [{ topic: 'contact.noted', tenantId, key: tenantId, payload: { text: TEXT } }]),
        );
      await waitFor('both triggers', () => fired.size === 2);
      expect(fired.get(granted)).to.equal(TEXT);
      expect(fired.get(masked)).to.equal('reach me at [email] or [phone], card [card]');
    });
  });
});
