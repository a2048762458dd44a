import { expect } from 'chai';
import { withTestHost } from '../../src/testing/index.js';

describe('GET /metrics access', () => {
  it('answers a direct loopback caller, and refuses one that came through a proxy, without a token configured', async () => {
    await withTestHost({}, async (host) => {
      const local = await fetch(`${host.url}/metrics`);
      expect(local.status).to.equal(200);
      expect(await local.text()).to.contain('process_cpu_user_seconds_total');
      const proxied = await fetch(`${host.url}/metrics`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(proxied.status).to.equal(403);
      expect(((await proxied.json()) as { error: { code: string } }).error.code).to.equal('metrics_local_only');
    });
  });

  it('requires the bearer token when BACON_METRICS_TOKEN is set, from anywhere', async () => {
    const token = 'a-metrics-token-of-some-length';
    await withTestHost({ config: { metricsToken: token } }, async (host) => {
      const none = await fetch(`${host.url}/metrics`);
      expect(none.status).to.equal(401);
      expect(none.headers.get('www-authenticate')).to.match(/^Bearer/);
      expect((await fetch(`${host.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).to.equal(
        401,
      );
      const right = await fetch(`${host.url}/metrics`, { headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': '203.0.113.9' } });
      expect(right.status).to.equal(200);
      expect(await right.text()).to.contain('bacon_http_request_duration_seconds');
    });
  });
});
