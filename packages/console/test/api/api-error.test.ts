import { expect } from 'chai';
import { errorFromBody, networkError } from '../../src/api/api-error.js';
import { toPage } from '../../src/api/page.js';

describe('errorFromBody', () => {
  it('reads the API error shape and its field list', () => {
    const err = errorFromBody(400, {
      error: { code: 'validation_failed', message: 'Bad', details: { errors: [{ field: 'body/name', message: 'too short' }] } },
    });
    expect(err).to.include({ status: 400, code: 'validation_failed', message: 'Bad' });
    expect(err.fieldErrors).to.deep.equal([{ field: 'body/name', message: 'too short' }]);
  });

  it('still makes sense of a body that is not the API shape', () => {
    expect(errorFromBody(502, 'Bad gateway')).to.include({ status: 502, code: 'internal_error' });
  });

  it('marks unreachable servers as network errors', () => {
    expect(networkError(new TypeError('fetch failed')).isNetwork).to.equal(true);
  });
});

describe('toPage', () => {
  it('accepts items/nextCursor, a named list, or a bare array', () => {
    expect(toPage({ items: [1], nextCursor: 'x' })).to.deep.equal({ items: [1], nextCursor: 'x', total: undefined });
    expect(toPage({ users: [1, 2] }, 'users').items).to.deep.equal([1, 2]);
    expect(toPage([3]).items).to.deep.equal([3]);
  });
});
