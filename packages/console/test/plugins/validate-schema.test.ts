import { expect } from 'chai';
import { validateSchema } from '../../src/plugins/validate-schema.js';

const schema = {
  type: 'object',
  required: ['shop', 'token'],
  properties: {
    shop: { type: 'string', pattern: '^[a-z0-9-]+\\.myshopify\\.com$' },
    token: { type: 'string', minLength: 8 },
    pollSeconds: { type: 'integer', minimum: 30, maximum: 3600 },
    mode: { enum: ['live', 'test'] },
    email: { type: 'string', format: 'email' },
    hosts: { type: 'array', items: { type: 'string', minLength: 1 }, maxItems: 2 },
    nested: { $ref: '#/definitions/n' },
  },
  definitions: { n: { type: 'object', properties: { on: { type: 'boolean' } } } },
};

describe('validateSchema', () => {
  it('accepts a valid value', () => {
    expect(
      validateSchema(schema, {
        shop: 'a.myshopify.com',
        token: '12345678',
        pollSeconds: 60,
        mode: 'live',
        email: 'a@b.co',
        hosts: ['x'],
        nested: { on: true },
      }),
    ).to.deep.equal([]);
  });

  it('names the path and keyword of each problem', () => {
    const issues = validateSchema(schema, {
      shop: 'nope',
      pollSeconds: 5.5,
      mode: 'x',
      email: 'no',
      hosts: ['', 'a', 'b'],
      nested: { on: 'yes' },
    });
    const got = issues.map((i) => `${[...i.path, i.missing].filter(Boolean).join('.')}:${i.keyword}`).sort();
    expect(got).to.deep.equal(
      [
        'email:format',
        'hosts.0:minLength',
        'hosts:maxItems',
        'mode:enum',
        'nested.on:type',
        'pollSeconds:type',
        'shop:pattern',
        'token:required',
      ].sort(),
    );
  });

  it('handles oneOf, anyOf, const and if/then', () => {
    const s = { oneOf: [{ const: 'a' }, { const: 'b' }], if: { const: 'a' }, then: { minLength: 2 } };
    expect(validateSchema(s, 'b')).to.deep.equal([]);
    expect(validateSchema(s, 'c').map((i) => i.keyword)).to.deep.equal(['oneOf']);
    expect(validateSchema(s, 'a').map((i) => i.keyword)).to.deep.equal(['minLength']);
    expect(validateSchema({ anyOf: [{ type: 'string' }, { type: 'null' }] }, 3).map((i) => i.keyword)).to.deep.equal(['anyOf']);
  });
});
