import { expect } from 'chai';
import nock from 'nock';
import { guardedFetch, hostAllowed, isPublicAddress, type FetchPolicy } from '../../../src/plugins/sandbox/fetch-guard.js';

const policy = (over: Partial<FetchPolicy> = {}): FetchPolicy => ({
  allowHosts: ['api.example.com', '*.shop.example'],
  allowPrivate: false,
  maxBytes: 1000,
  timeoutMs: 500,
  lookup: async () => [{ address: '93.184.216.34', family: 4 }],
  ...over,
});
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'no refusal',
    (e: { code?: string }) => e.code,
  );

describe('hostAllowed', () => {
  it('matches exact names, wildcard subdomains and pinned ports', () => {
    expect(hostAllowed(['api.example.com'], 'API.example.com', '443')).to.equal(true);
    expect(hostAllowed(['*.shop.example'], 'eu.shop.example', '443')).to.equal(true);
    expect(hostAllowed(['*.shop.example'], 'shop.example', '443')).to.equal(false);
    expect(hostAllowed(['*.shop.example'], 'evilshop.example', '443')).to.equal(false);
    expect(hostAllowed(['api.example.com:8443'], 'api.example.com', '443')).to.equal(false);
    expect(hostAllowed(['api.example.com:8443'], 'api.example.com', '8443')).to.equal(true);
  });
});

describe('isPublicAddress', () => {
  it('accepts only global unicast', () => {
    for (const a of ['93.184.216.34', '2606:4700::1']) expect(isPublicAddress(a), a).to.equal(true);
    for (const a of [
      '127.0.0.1',
      '10.0.0.1',
      '172.16.3.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '224.0.0.1',
      'nonsense',
    ]) {
      expect(isPublicAddress(a), a).to.equal(false);
    }
  });
});

describe('guardedFetch', () => {
  it('refuses other schemes and credentials in the URL', async () => {
    expect(await refusal(guardedFetch({ url: 'file:///etc/passwd' }, policy()))).to.equal('invalid_url');
    expect(await refusal(guardedFetch({ url: 'https://u:p@api.example.com/' }, policy()))).to.equal('invalid_url');
  });

  it('refuses IP literals in private ranges even when listed', async () => {
    expect(await refusal(guardedFetch({ url: 'http://127.0.0.1:80/' }, policy({ allowHosts: ['127.0.0.1'] })))).to.equal(
      'address_not_allowed',
    );
    expect(await refusal(guardedFetch({ url: 'http://169.254.169.254/latest' }, policy({ allowHosts: ['169.254.169.254'] })))).to.equal(
      'address_not_allowed',
    );
  });

  it('refuses a name when any of its addresses is private', async () => {
    const lookup = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '192.168.0.10', family: 4 },
    ];
    expect(await refusal(guardedFetch({ url: 'https://api.example.com/' }, policy({ lookup })))).to.equal('address_not_allowed');
  });

  it('allows private addresses only when the admin turned that on', async () => {
    nock('https://api.example.com').get('/dev').reply(200, 'ok');
    const lookup = async () => [{ address: '10.0.0.5', family: 4 }];
    expect(await guardedFetch({ url: 'https://api.example.com/dev' }, policy({ lookup, allowPrivate: true }))).to.include({
      status: 200,
      body: 'ok',
    });
  });

  it('caps the response size', async () => {
    nock('https://api.example.com').get('/big').reply(200, 'x'.repeat(5000));
    expect(await refusal(guardedFetch({ url: 'https://api.example.com/big' }, policy()))).to.equal('response_too_large');
  });

  it('caps the time', async () => {
    nock('https://api.example.com').get('/slow').delay(2000).reply(200, 'late');
    expect(await refusal(guardedFetch({ url: 'https://api.example.com/slow' }, policy({ timeoutMs: 100 })))).to.equal('fetch_timeout');
  });

  it('sends method, headers and body and returns status, headers and text', async () => {
    nock('https://eu.shop.example')
      .post('/orders', '{"a":1}')
      .matchHeader('x-key', 'k')
      .reply(201, '{"id":7}', { 'content-type': 'application/json' });
    const r = await guardedFetch(
      { url: 'https://eu.shop.example/orders', method: 'POST', headers: { 'x-key': 'k' }, body: '{"a":1}' },
      policy(),
    );
    expect(r).to.deep.include({ status: 201, body: '{"id":7}' });
    expect(r.headers['content-type']).to.equal('application/json');
  });
});
