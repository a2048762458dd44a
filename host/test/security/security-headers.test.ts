import { expect } from 'chai';
import { definePlugin } from '@bacon/sdk';
import type { HostModule } from '../../src/host.js';
import { PAGE_CSP } from '../../src/security/index.js';
import { withTestHost } from '../../src/testing/index.js';

const pages: HostModule = {
  name: 'pages',
  setup({ routes }) {
    routes.add({
      method: 'get',
      path: '/test-console.html',
      auth: 'public',
      hidden: true,
      serves: 'page',
      handler: (ctx) => {
        ctx.type = 'html';
        ctx.body = '<!doctype html><title>c</title>';
      },
    });
    // A page answered 304 (no body, no content type), and HTML from a route that does not say it serves a page.
    routes.add({
      method: 'get',
      path: '/test-cached.html',
      auth: 'public',
      hidden: true,
      serves: 'page',
      handler: (ctx) => {
        ctx.status = 304;
      },
    });
    routes.add({
      method: 'get',
      path: '/test-undeclared',
      auth: 'public',
      hidden: true,
      handler: (ctx) => {
        ctx.type = 'html';
        ctx.body = '<!doctype html><title>u</title>';
      },
    });
  },
};

/** A site path, as the channels plugin mounts /widget/v1. */
const framed = definePlugin({
  id: 'framed',
  version: '1.0.0',
  services: ['publicRoutes'],
  init(ctx) {
    const site = ctx.services.publicRoutes.scope('/site/v1', 'framed', { crossOrigin: 'site-keys' });
    site.get('/test-frame', {
      auth: 'public',
      hidden: true,
      serves: 'page',
      handler: (http) => {
        http.state.frameAncestors = ['https://shop.example'];
        http.type = 'html';
        http.body = '<!doctype html><title>w</title>';
      },
    });
    ctx.services.publicRoutes.scope('/plain/v1', 'framed').get('/page', {
      auth: 'public',
      hidden: true,
      serves: 'page',
      handler: (http) => {
        http.type = 'html';
        http.body = '<!doctype html><title>p</title>';
      },
    });
  },
});

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

  it('gives same-origin pages their CSP', async () => {
    await withTestHost({ modules: [pages] }, async (host) => {
      const r = await fetch(`${host.url}/test-console.html`);
      expect(r.headers.get('content-security-policy')).to.equal(PAGE_CSP);
      expect(r.headers.get('x-frame-options')).to.equal('DENY');
    });
  });

  it("picks the CSP by route, not by body: a page's 304 keeps the page CSP, undeclared HTML gets the API's", async () => {
    await withTestHost({ modules: [pages] }, async (host) => {
      const cached = await fetch(`${host.url}/test-cached.html`);
      expect(cached.status).to.equal(304);
      expect(cached.headers.get('content-security-policy')).to.equal(PAGE_CSP);
      const undeclared = await fetch(`${host.url}/test-undeclared`);
      expect(undeclared.headers.get('content-security-policy')).to.equal("default-src 'none'; frame-ancestors 'none'");
    });
  });

  it('lets pages on a site path be framed by their allowed origins only, and no other public page', async () => {
    await withTestHost({ plugins: [framed] }, async (host) => {
      const r = await fetch(`${host.url}/site/v1/test-frame`);
      expect(r.headers.get('x-frame-options')).to.equal(null);
      expect(r.headers.get('content-security-policy')).to.contain('frame-ancestors https://shop.example');
      expect(r.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
      const plain = await fetch(`${host.url}/plain/v1/page`);
      expect(plain.headers.get('x-frame-options')).to.equal('DENY');
      expect(plain.headers.get('cross-origin-resource-policy')).to.equal('same-origin');
    });
  });
});
