import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { withTestHost, createTestUser, createTestTenant, type TestHost } from '../../src/testing/index.js';
import { waitFor } from './wait-for.js';

const plugin = fileURLToPath(new URL('./fixtures/order-watcher.ts', import.meta.url));

async function append(host: TestHost, tenantId: string, topic: string, orderId: string) {
  await host.services.db.knex.transaction((trx) =>
    host.services.events.append(trx, [{ topic, tenantId, key: orderId, payload: { orderId } }]),
  );
}

describe('sandboxed event triggers', function () {
  this.timeout(120_000);

  it('runs the trigger for tenants that enabled the plugin with the events grant, and publishes its payloads', async () => {
    await withTestHost({ plugins: [plugin], config: { eventsPollMs: 100 } }, async (host) => {
      const admin = await createTestUser(host, { role: 'admin', tenantId: (await createTestTenant(host)).id });
      const other = (await createTestTenant(host)).id;
      const enable = await fetch(`${host.url}/api/v1/plugins/order-watcher/enable`, {
        method: 'POST',
        headers: { ...admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ grants: ['events'] }),
      });
      expect(enable.status).to.equal(200);
      const fired: { tenantId?: string; payload: unknown }[] = [];
      host.services.bus.subscribe('trigger.order-watcher.*', (e) => void fired.push({ tenantId: e.tenantId, payload: e.payload }));

      await append(host, other, 'order.paid', 'o-elsewhere');
      await append(host, admin.user.tenantId, 'order.created', 'o-1');
      await append(host, admin.user.tenantId, 'order.paid', 'o-1');
      await waitFor('the trigger', () => fired.length > 0);
      // The consumer has passed every event, the other tenant's included: nothing more will come.
      const { knex } = host.services.db;
      await waitFor('the consumer at the end of the log', async () => {
        const c = await knex('host_event_consumers').where({ name: 'plugin:order-watcher:trigger:paid' }).first();
        const max = await knex('host_events').max('pos as m').first();
        return c && max?.m && Number(c.pos) === Number(max.m);
      });
      expect(fired).to.have.length(1);
      expect(fired[0]!.tenantId).to.equal(admin.user.tenantId);
      expect(fired[0]!.payload).to.deep.include({ orderId: 'o-1' });
      // The payload is in the durable log too, for consumers that must act on it (automation rules).
      const durable = await knex('host_events').where({ topic: 'trigger.order-watcher.paid' });
      const payloadOf = (r: { payload: unknown }) =>
        (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { orderId: string };
      expect(durable.map((r) => [r.tenant_id, payloadOf(r).orderId])).to.deep.equal([[admin.user.tenantId, 'o-1']]);
    });
  });
});
