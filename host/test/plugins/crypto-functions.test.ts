import { expect } from 'chai';
import { createHash, createHmac } from 'node:crypto';
import { CRYPTO_LIMITS } from '@bacon/sdk';
import { startTestHost, type TestHost, type TestUser } from '../../src/testing/index.js';
import { api, fixture, userOf } from './plugin-api.js';
import cryptoUser from './fixtures/sandboxed/crypto-user.js';

// RFC 2202 / RFC 4231 test case 2, and FIPS 180-2's "abc".
const KEY = 'Jefe';
const DATA = 'what do ya want for nothing?';
const HMAC_SHA1 = 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79';
const HMAC_SHA256 = '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843';
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('ctx.crypto (host-backed, no grant)', function () {
  this.timeout(60000);
  let host: TestHost;
  let admin: TestUser;

  before(async () => {
    host = await startTestHost({ plugins: [fixture('crypto-user'), { ...cryptoUser, id: 'crypto-trusted' }] });
    admin = await userOf(host);
    // Enabled with no grants at all: crypto needs none.
    expect((await api(host, admin, 'POST', '/api/v1/plugins/crypto-user/enable', { grants: [] })).status).to.equal(200);
  });
  after(async () => host?.close());

  for (const plugin of ['crypto-user', 'crypto-trusted']) {
    const tier = plugin === 'crypto-user' ? 'sandboxed' : 'trusted';
    const call = async (fn: string, args: unknown[]) => {
      const r = await api(host, admin, 'POST', `/api/v1/plugins/${plugin}/actions/call`, { input: { fn, args } });
      expect(r.status, JSON.stringify(r.body)).to.equal(200);
      return r.body.output as { value?: unknown; code?: string };
    };

    describe(`in a ${tier} plugin`, () => {
      it('computes HMAC-SHA1 and HMAC-SHA256 as the RFCs give them, in hex and base64', async () => {
        expect(await call('hmac', ['sha1', KEY, DATA])).to.deep.equal({ value: HMAC_SHA1 });
        expect(await call('hmac', ['sha256', KEY, DATA, 'hex'])).to.deep.equal({ value: HMAC_SHA256 });
        const b64 = Buffer.from(HMAC_SHA1, 'hex').toString('base64');
        expect(await call('hmac', ['sha1', KEY, DATA, 'base64'])).to.deep.equal({ value: b64 });
      });

      it('hashes UTF-8 text', async () => {
        expect(await call('hash', ['sha256', 'abc'])).to.deep.equal({ value: SHA256_ABC });
        expect((await call('hash', ['sha512', 'é', 'base64'])).value)
          .to.be.a('string')
          .with.length(88);
      });

      it('compares in constant time, unequal lengths included', async () => {
        expect(await call('timingSafeEqual', ['abc', 'abc'])).to.deep.equal({ value: true });
        expect(await call('timingSafeEqual', ['abc', 'abd'])).to.deep.equal({ value: false });
        expect(await call('timingSafeEqual', ['abc', 'abcd'])).to.deep.equal({ value: false });
        expect(await call('timingSafeEqual', ['', ''])).to.deep.equal({ value: true });
      });

      it('hands out random bytes and v4 UUIDs, different every time', async () => {
        const a = (await call('randomBytes', [16])).value as string;
        const b = (await call('randomBytes', [16, 'hex'])).value as string;
        expect(a).to.match(/^[0-9a-f]{32}$/);
        expect(a).not.to.equal(b);
        expect((await call('randomBytes', [3, 'base64'])).value).to.match(/^[A-Za-z0-9+/]{4}$/);
        expect((await call('randomUUID', [])).value).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      });

      it('checks a webhook signature the way an adapter does', async () => {
        const body = '{"object":"page","entry":[]}';
        const good = `sha256=${createHmac('sha256', 'app-secret').update(body).digest('hex')}`;
        const verify = (signature: string) =>
          api(host, admin, 'POST', `/api/v1/plugins/${plugin}/actions/verify`, { input: { secret: 'app-secret', body, signature } });
        expect((await verify(good)).body.output).to.deep.equal({ valid: true });
        expect((await verify(good.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).body.output).to.deep.equal({ valid: false });
      });

      it('refuses bad arguments with invalid_argument, to the plugin only', async () => {
        for (const args of [
          ['md5', KEY, DATA],
          ['sha1', 42, DATA],
          ['sha1', KEY, { not: 'a string' }],
          ['sha1', KEY, DATA, 'latin1'],
        ])
          expect(await call('hmac', args), JSON.stringify(args)).to.deep.equal({ code: 'invalid_argument' });
        expect(await call('hash', ['sha256', null])).to.deep.equal({ code: 'invalid_argument' });
        expect(await call('timingSafeEqual', ['a', 1])).to.deep.equal({ code: 'invalid_argument' });
        for (const size of [0, -1, 1.5, '8', CRYPTO_LIMITS.randomBytes + 1])
          expect(await call('randomBytes', [size]), String(size)).to.deep.equal({ code: 'invalid_argument' });
      });

      it('bounds what it accepts (value_too_large), counting UTF-8 bytes', async () => {
        expect(await call('hmac', ['sha256', 'k'.repeat(CRYPTO_LIMITS.keyBytes + 1), DATA])).to.deep.equal({ code: 'value_too_large' });
        // Under the limit in UTF-16 units, over it in UTF-8 bytes.
        const wide = 'é'.repeat(CRYPTO_LIMITS.keyBytes / 2 + 1);
        expect(await call('hmac', ['sha256', wide, DATA])).to.deep.equal({ code: 'value_too_large' });
        expect(await call('timingSafeEqual', ['a'.repeat(CRYPTO_LIMITS.compareBytes + 1), 'a'])).to.deep.equal({
          code: 'value_too_large',
        });
        const hashLong = async (size: number) =>
          (await api(host, admin, 'POST', `/api/v1/plugins/${plugin}/actions/hashLong`, { input: { size } })).body.output;
        expect((await hashLong(CRYPTO_LIMITS.dataBytes / 2)).value).to.equal(
          createHash('sha256')
            .update('x'.repeat(CRYPTO_LIMITS.dataBytes / 2))
            .digest('hex'),
        );
        expect(await hashLong(CRYPTO_LIMITS.dataBytes + 1)).to.deep.equal({ code: 'value_too_large' });
      });
    });
  }

  it('keeps serving after a burst of refused calls', async () => {
    for (let i = 0; i < 20; i++)
      await api(host, admin, 'POST', '/api/v1/plugins/crypto-user/actions/call', { input: { fn: 'hmac', args: [] } });
    expect((await fetch(`${host.url}/healthz`)).status).to.equal(200);
  });
});
