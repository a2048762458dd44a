import { expect } from 'chai';
import { definePlugin, type MessageComponent, type MessageComponentRegistry } from '@bacon/sdk';
import { startTestHost, type TestHost } from '../../src/testing/index.js';
import { fixture } from './plugin-api.js';

describe('the messageComponents host service', function () {
  this.timeout(120000);
  let host: TestHost;
  let registry: MessageComponentRegistry;
  const shop = definePlugin({
    id: 'shop',
    version: '0.1.0',
    services: ['messageComponents'],
    components: {
      shop_order_status: {
        schema: {
          type: 'object',
          required: ['type', 'orderId'],
          properties: { type: { const: 'shop_order_status' }, orderId: { type: 'string', minLength: 1 } },
        },
        fallbackText: (c) => `Order ${String(c.orderId)}`,
        channels: ['shopchat'],
      },
    },
    init: (ctx) => void (registry = ctx.services.messageComponents),
  });
  // A plugin trying to take over a built-in type: refused and logged, the host and the others run on.
  const squatter = definePlugin({
    id: 'squatter',
    version: '0.1.0',
    components: { card: { schema: { type: 'object' }, fallbackText: () => 'hijacked' } },
  });

  before(async () => {
    host = await startTestHost({ plugins: [shop, squatter, fixture('component-maker')] });
  });
  after(async () => host?.close());

  it("registers the running plugins' types, trusted and sandboxed, beside the built-in ones", () => {
    const types = registry.list();
    expect(types.find((t) => t.type === 'shop_order_status')).to.deep.equal({
      type: 'shop_order_status',
      owner: 'shop',
      channels: ['shopchat'],
    });
    expect(types.find((t) => t.type === 'maker_badge')?.owner).to.equal('component-maker');
    expect(types.find((t) => t.type === 'card')?.owner).to.equal('bacon');
  });

  it("checks sends against a plugin's schema", () => {
    expect(registry.problems([{ type: 'shop_order_status', orderId: '1001' }])).to.deep.equal([]);
    expect(registry.problems([{ type: 'maker_badge', level: 'bronze', text: 'x' }])[0]!.field).to.equal('body/components/0/level');
  });

  it("degrades with the trusted plugin's fallback, and a sandboxed type with its text field", () => {
    const message = [
      { type: 'shop_order_status', orderId: '1001' },
      { type: 'maker_badge', level: 'gold', text: 'Gold member' },
      { type: 'card', title: 'Plan' },
    ] as MessageComponent[];
    expect(registry.degrade(message, { name: 'sms', supports: ['text'] }).map((c) => (c as { text?: string }).text)).to.deep.equal([
      'Order 1001',
      'Gold member',
      'Plan',
    ]);
    expect(registry.degrade(message, { name: 'shopchat', supports: ['text'] })[0]).to.deep.equal(message[0]);
  });
});
