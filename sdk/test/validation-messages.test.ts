import { expect } from 'chai';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describeSchemaProblem, humanizeName, readableFieldErrors, summarizeFieldErrors } from '@bacon/sdk';

const settings = {
  type: 'object',
  required: ['apiKey', 'shop'],
  additionalProperties: false,
  properties: {
    apiKey: { type: 'string', minLength: 1 },
    shop: { type: 'string', title: 'Shop domain', pattern: '^[a-z0-9-]+$' },
    pollSeconds: { type: 'integer', minimum: 10 },
    email: { type: 'string', format: 'email' },
    mode: { enum: ['live', 'test'] },
    hosts: { type: 'array', minItems: 1, items: { type: 'string', minLength: 3 } },
  },
};

function problems(value: unknown) {
  const ajv = new Ajv({ allErrors: true });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const validate = ajv.compile(settings);
  expect(validate(value)).to.equal(false);
  return validate.errors!;
}

describe('humanizeName', () => {
  it('reads camelCase and snake_case names as words, with acronyms in capitals', () => {
    expect(humanizeName('apiKey')).to.equal('API key');
    expect(humanizeName('site_key_id')).to.equal('Site key ID');
    expect(humanizeName('pollSeconds')).to.equal('Poll seconds');
    expect(humanizeName('accountSid')).to.equal('Account SID');
    expect(humanizeName('URLPattern')).to.equal('URL pattern');
  });
});

describe('readableFieldErrors', () => {
  it('turns each of Ajv’s keywords into a sentence naming the field, by its title when the schema has one', () => {
    const errors = readableFieldErrors(
      'settings',
      problems({ shop: 'Bad Shop!', pollSeconds: 2, email: 'nope', mode: 'x', hosts: [], extra: 1 }),
      settings,
    );
    const byMessage = errors.map((e) => e.message);
    expect(byMessage).to.include.members([
      'API key is required.',
      'Shop domain is not in the expected format.',
      'Poll seconds must be at least 10.',
      'Email must be a valid email address.',
      'Mode must be one of "live", "test".',
      'Hosts needs at least one item.',
      '"extra" is not a known field.',
    ]);
    expect(byMessage.join(' ')).not.to.match(/must have required property|must NOT|must match/);
    expect(errors.find((e) => e.message === 'API key is required.')).to.deep.include({
      field: 'settings',
      params: { missingProperty: 'apiKey' },
    });
  });

  it('names list items by their position and wrong types in plain words', () => {
    const errors = readableFieldErrors('settings', problems({ apiKey: 5, shop: 'a', hosts: ['ab'] }), settings);
    expect(errors.map((e) => e.message)).to.include.members([
      'API key must be text.',
      'Hosts (item 1) must be at least 3 characters long.',
    ]);
    expect(errors.find((e) => e.message.startsWith('Hosts'))!.field).to.equal('settings/hosts/0');
  });

  it('keeps a wording for the whole value when there is no field name', () => {
    expect(describeSchemaProblem({ keyword: 'type', instancePath: '', params: { type: 'object' } }, undefined, 'body')).to.equal(
      'The request body must be an object.',
    );
  });
});

describe('summarizeFieldErrors', () => {
  it('joins up to three sentences and counts the rest, or answers the fallback', () => {
    const e = (message: string) => ({ message });
    expect(summarizeFieldErrors([e('A.'), e('B.')], 'x')).to.equal('A. B.');
    expect(summarizeFieldErrors([e('A.'), e('B.'), e('C.'), e('D.'), e('E.')], 'x')).to.equal('A. B. C. (and 2 more)');
    expect(summarizeFieldErrors([], 'Nothing.')).to.equal('Nothing.');
  });
});
