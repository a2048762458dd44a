import { expect } from 'chai';
import { BaconError, Forbidden, Invalid, isBaconError, NotFound, RateLimited, Unavailable } from '@bacon/sdk';

describe('error helpers', () => {
  it('carry a stable code, a status, details and retryability', () => {
    const e = Invalid('bad order id', { field: 'orderId' });
    expect(e).to.be.instanceOf(BaconError);
    expect(e).to.include({ code: 'invalid_input', status: 400, retryable: false });
    expect(e.toJSON()).to.deep.equal({ code: 'invalid_input', message: 'bad order id', details: { field: 'orderId' } });
  });

  it('let a plugin pick its own code', () => {
    expect(NotFound('gone', undefined, 'order_not_found').toJSON()).to.deep.equal({ code: 'order_not_found', message: 'gone' });
  });

  it('mark transient failures retryable', () => {
    expect(Unavailable('later').retryable).to.equal(true);
    expect(RateLimited('slow').status).to.equal(429);
    expect(Forbidden('no').retryable).to.equal(false);
  });

  it('are recognised across realms by their marker, not their class', () => {
    expect(isBaconError({ isBaconError: true, code: 'x' })).to.equal(true);
    expect(isBaconError(new Error('x'))).to.equal(false);
  });
});
