import { expect } from 'chai';
import type { HostModule } from '../../src/host.js';
import { CONSOLE_CSP } from '../../src/security/index.js';
import { withTestHost } from '../../src/testing/index.js';

const pages: HostModule = {
  name: 'pages',
  setup({ routes }) {
    routes.add({ method: 'get', path: '/test-console.html', auth: 'public', hidden: true, handler: (ctx) => { ctx.type = 'html'; ctx.body = '<!doctype html><title>c</title>'; } });
    routes.add({ method: 'get', path: '/widget/v1/test-frame', auth: 'public', hidden: true, handler: (ctx) => { ctx.state.frameAncestors = ['https://shop.example']; ctx.type = 'html'; ctx.body = '<!doctype html><title>w</title>'; } });
  },
};

describe('securityHeaders', () => {
  it('puts nosniff, frame options and a locked-down CSP on API answers, errors included', async () => {
    await withTestHost({ modules: [pages] }, async (host) => {
      for (const path of ['/healthz', '/no/such/route', '/api/v1/auth/me']) {
        const r = await fetch(`${host.url}${path}`);
        expect(r.headers.get('x-content-type-options'), path).to.equal('nosniff');
        expect(r.headers.get('x-frame-options'), path).to.equal('DENY');
        expect(r.headers.get('content-security-policy'), path).to.equal("default-src 'none'; frame-ancestors 'none'");
        expect(r.headers.get('referrer-policy')).to.equal('strict-origin-when-cross-origin');
      }
    });
  });

  it('gives console pages their CSP', async () => {
    await withTestHost({ modules: [pages] }, async (host) => {
      const r = await fetch(`${host.url}/test-console.html`);
      expect(r.headers.get('content-security-policy')).to.equal(CONSOLE_CSP);
      expect(r.headers.get('x-frame-options')).to.equal('DENY');
    });
  });

  it('lets widget pages be framed by their allowed origins only', async () => {
    await withTestHost({ modules: [pages] }, async (host) => {
      const r = await fetch(`${host.url}/widget/v1/test-frame`);
      expect(r.headers.get('x-frame-options')).to.equal(null);
      expect(r.headers.get('content-security-policy')).to.contain('frame-ancestors https://shop.example');
      expect(r.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
    });
  });
});
