import { expect } from 'chai';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { componentsInvalid, degradeComponents, MessageComponentRegistry, type MessageComponent, type SchemaProblem } from '@bacon/sdk';

function registry(): MessageComponentRegistry {
  const ajv = new Ajv({ allErrors: true, strict: false });
  (addFormats as unknown as (a: Ajv) => Ajv)(ajv);
  return new MessageComponentRegistry((schema) => {
    const check = ajv.compile(schema);
    return (value) => (check(value) ? [] : ((check.errors ?? []) as SchemaProblem[]));
  });
}

const orderStatus = {
  schema: {
    type: 'object',
    required: ['type', 'orderId', 'status'],
    properties: { type: { const: 'order_status' }, orderId: { type: 'string', minLength: 1 }, status: { enum: ['paid', 'shipped'] } },
  },
  fallbackText: (p: Record<string, unknown>) => `Order ${String(p.orderId)}: ${String(p.status)}`,
  channels: ['shopchat'],
};

const quick: MessageComponent = {
  type: 'quick_replies',
  text: 'Did that help?',
  options: [
    { label: 'Yes', value: 'yes' },
    { label: 'No', value: 'no' },
  ],
};

describe('MessageComponentRegistry', () => {
  describe('problems', () => {
    it('accepts valid built-in components', () => {
      const r = registry();
      const ok: MessageComponent[] = [
        { type: 'text', text: 'hi' },
        {
          type: 'card',
          title: 'Plan',
          buttons: [
            { label: 'Open', url: 'https://example.test/plan' },
            { label: 'Pick', value: 'pick' },
          ],
        },
        { type: 'product', title: 'Mug', price: '12 EUR', url: 'https://shop.example.test/mug' },
        quick,
        { type: 'survey', question: 'How did we do?', scale: 5 },
      ];
      expect(r.problems(ok)).to.deep.equal([]);
    });

    it('names an unknown type and lists the known ones', () => {
      const [p, ...rest] = registry().problems([{ type: 'carousel', items: [] }]);
      expect(rest).to.deep.equal([]);
      expect(p).to.include({ field: 'body/components/0/type', message: '"carousel" is not a known component type.' });
      expect((p!.params as { known: string[] }).known).to.include.members(['card', 'product', 'survey', 'quick_replies']);
    });

    it('names each invalid field of a payload in a sentence', () => {
      const problems = registry().problems([
        { type: 'text', text: 'fine' },
        { type: 'quick_replies', text: 'Pick', options: [] },
        { type: 'card', title: 'x', imageUrl: 'javascript:alert(1)' },
        { type: 'survey', question: 'Rate us', scale: 50 },
      ]);
      const fields = problems.map((p) => p.field);
      expect(fields).to.include.members(['body/components/1/options', 'body/components/2/imageUrl', 'body/components/3/scale']);
      expect(fields.some((f) => f.startsWith('body/components/0'))).to.equal(false);
      for (const p of problems) expect(p.message).to.match(/\.$/);
    });

    it('refuses a missing type, a non-list and too many components', () => {
      const r = registry();
      expect(r.problems([{ text: 'no type' }])[0]!.field).to.equal('body/components/0/type');
      expect(r.problems('card')[0]!.message).to.equal('Components must be a list.');
      expect(r.problems(Array.from({ length: 21 }, () => ({ type: 'text', text: 'x' })))).to.have.length(1);
      expect(r.problems(undefined)).to.deep.equal([]);
    });

    it('turns into a 400 message_components_invalid carrying the fields', () => {
      const err = componentsInvalid(registry().problems([{ type: 'carousel' }]));
      expect(err).to.include({ code: 'message_components_invalid', status: 400 });
      expect((err.details as { errors: { field: string }[] }).errors[0]!.field).to.equal('body/components/0/type');
      expect(err.message).to.equal('"carousel" is not a known component type.');
    });
  });

  describe('register', () => {
    it("checks a plugin's type against its own schema", () => {
      const r = registry();
      r.register('shop', 'order_status', orderStatus);
      expect(r.problems([{ type: 'order_status', orderId: '1001', status: 'paid' }])).to.deep.equal([]);
      expect(r.problems([{ type: 'order_status', orderId: '1001', status: 'lost' }])[0]!.field).to.equal('body/components/0/status');
      expect(r.list().find((t) => t.type === 'order_status')).to.deep.equal({
        type: 'order_status',
        owner: 'shop',
        channels: ['shopchat'],
      });
    });

    it('refuses a built-in name, a name another plugin took and a malformed name', () => {
      const r = registry();
      r.register('shop', 'order_status', orderStatus);
      expect(() => r.register('evil', 'card', orderStatus)).to.throw(/already registered by bacon/);
      expect(() => r.register('other', 'order_status', orderStatus)).to.throw(/already registered by shop/);
      expect(() => r.register('other', 'Bad Name', orderStatus)).to.throw(/names are lower-case/);
      expect(r.list().find((t) => t.type === 'card')!.owner).to.equal('bacon');
    });

    it("forgets a plugin's types when it is unregistered, never the built-ins", () => {
      const r = registry();
      r.register('shop', 'order_status', orderStatus);
      r.unregister('shop');
      r.unregister('bacon');
      expect(r.has('order_status')).to.equal(false);
      expect(r.has('card')).to.equal(true);
    });
  });

  describe('degrade per channel', () => {
    const order = { type: 'order_status', orderId: '1001', status: 'shipped' } as MessageComponent;
    const channels = {
      web: ['text', 'card', 'product', 'quick_replies', 'survey'],
      messenger: ['text', 'quick_replies', 'card'],
      whatsapp: ['text', 'template'],
      email: undefined,
    };

    it('keeps what each channel renders and turns the rest into their fallback text', () => {
      const r = registry();
      r.register('shop', 'order_status', orderStatus);
      const message: MessageComponent[] = [quick, { type: 'product', title: 'Mug', price: '12 EUR' }, order];
      const types = (name: string, supports?: string[]) => r.degrade(message, { name, supports }).map((c) => c.type);
      expect(types('web', channels.web)).to.deep.equal(['quick_replies', 'product', 'text']);
      expect(types('messenger', channels.messenger)).to.deep.equal(['quick_replies', 'text', 'text']);
      expect(types('whatsapp', channels.whatsapp)).to.deep.equal(['text', 'text', 'text']);
      expect(types('email', channels.email)).to.deep.equal(['text', 'text', 'text']);
      expect(types('shopchat', ['text'])).to.deep.equal(['text', 'text', 'order_status']);
      expect(r.degrade(message, { name: 'whatsapp', supports: channels.whatsapp }).map((c) => (c as { text?: string }).text)).to.deep.equal(
        ['Did that help?\n1. Yes\n2. No', 'Mug - 12 EUR', 'Order 1001: shipped'],
      );
    });

    it("uses the generic text when a plugin's fallback throws or is missing", () => {
      const r = registry();
      r.register('shop', 'broken', {
        ...orderStatus,
        schema: { type: 'object' },
        fallbackText: () => {
          throw new Error('boom');
        },
      });
      r.register('shop', 'bare', { schema: { type: 'object' } });
      expect(r.fallbackText({ type: 'broken', text: 'Plain words' })).to.equal('Plain words');
      expect(r.fallbackText({ type: 'bare' })).to.equal('');
    });

    it('is what degradeComponents does when given the registry', () => {
      const r = registry();
      r.register('shop', 'order_status', orderStatus);
      expect(degradeComponents([order], ['text'], r, 'whatsapp')).to.deep.equal([{ type: 'text', text: 'Order 1001: shipped' }]);
      expect(degradeComponents([order], ['text'])).to.deep.equal([{ type: 'text', text: '' }]);
    });
  });
});
