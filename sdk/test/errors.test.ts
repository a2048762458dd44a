import { expect } from 'chai';
import {
  BaconError,
  CommonErrors,
  defineErrors,
  describeErrors,
  Forbidden,
  Invalid,
  isBaconError,
  isErrorCatalog,
  NotFound,
  RateLimited,
  Unavailable,
} from '@bacon/sdk';

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

describe('defineErrors', () => {
  const OrderErrors = defineErrors('acme-orders', {
    orderNotFound: { code: 'order_not_found', status: 404, message: 'No such order.' },
    shopDown: { code: 'shop_unavailable', status: 503, message: 'The shop is not answering.', retryable: true },
    tooMany: { code: 'too_many_items', status: 400, message: (d: { max: number }) => `At most ${d.max} items.` },
  });

  it('makes a BaconError per entry with the declared code, status and message', () => {
    const e = OrderErrors.orderNotFound({ orderId: 'o1' });
    expect(e).to.be.instanceOf(BaconError);
    expect(e).to.include({ code: 'order_not_found', status: 404, message: 'No such order.', retryable: false });
    expect(e.toJSON()).to.deep.equal({ code: 'order_not_found', message: 'No such order.', details: { orderId: 'o1' } });
  });

  it('lets one throw replace the message, and carries the retryable flag', () => {
    const e = OrderErrors.shopDown(undefined, 'The shop answered 502.');
    expect(e).to.include({ code: 'shop_unavailable', status: 503, retryable: true, message: 'The shop answered 502.' });
  });

  it('builds a message from the details when the entry says how', () => {
    expect(OrderErrors.tooMany({ max: 3 }).message).to.equal('At most 3 items.');
    // @ts-expect-error such an entry requires its details (typecheck proves the factory is typed)
    expect(() => OrderErrors.tooMany()).to.throw(TypeError);
  });

  it("exposes each factory's code and recognises its own errors", () => {
    expect(OrderErrors.orderNotFound.code).to.equal('order_not_found');
    expect(OrderErrors.orderNotFound.is(OrderErrors.orderNotFound())).to.equal(true);
    expect(OrderErrors.orderNotFound.is(OrderErrors.shopDown())).to.equal(false);
    expect(OrderErrors.orderNotFound.is({ isBaconError: true, code: 'order_not_found' })).to.equal(true);
  });

  it('describes the catalog for tests and generated docs', () => {
    expect(isErrorCatalog(OrderErrors)).to.equal(true);
    expect(isErrorCatalog({ orderNotFound: () => null })).to.equal(false);
    const info = describeErrors(OrderErrors);
    expect(info.owner).to.equal('acme-orders');
    expect(info.errors.map((e) => [e.name, e.code, e.status, e.retryable])).to.deep.equal([
      ['orderNotFound', 'order_not_found', 404, false],
      ['shopDown', 'shop_unavailable', 503, true],
      ['tooMany', 'too_many_items', 400, false],
    ]);
  });

  it('refuses a code declared twice in one catalog, naming both entries', () => {
    expect(() =>
      defineErrors('dup', { a: { code: 'same_code', status: 400, message: 'a' }, b: { code: 'same_code', status: 409, message: 'b' } }),
    ).to.throw(/defineErrors\(dup\)\.b: code "same_code" is already declared by a/);
  });

  it('refuses a code that is not snake_case and a status that is not an error', () => {
    expect(() => defineErrors('x', { a: { code: 'NotSnake', status: 400, message: 'a' } })).to.throw(/not snake_case/);
    expect(() => defineErrors('x', { a: { code: 'fine_code', status: 200, message: 'a' } })).to.throw(/not 4xx or 5xx/);
  });

  it('backs the generic helpers with the common catalog', () => {
    const codes = describeErrors(CommonErrors).errors.map((e) => e.code);
    expect(codes).to.include.members([
      'invalid_input',
      'unauthorized',
      'forbidden',
      'not_found',
      'conflict',
      'rate_limited',
      'unavailable',
    ]);
    expect(CommonErrors.notFound.is(NotFound('No such order.'))).to.equal(true);
  });
});
