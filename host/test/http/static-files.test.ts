import { expect } from 'chai';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { definePlugin } from '@bacon/sdk';
import { startTestHost, type TestHost } from '../../src/testing/index.js';
import { API_CSP, PAGE_CSP } from '../../src/security/security-headers.js';

describe('staticFiles (the service UI plugins serve their builds with)', () => {
  let dir: string;
  let host: TestHost;
  let base: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-ui-'));
    await mkdir(path.join(dir, 'app/dist/assets'), { recursive: true });
    await writeFile(path.join(dir, 'app/dist/index.html'), '<!doctype html><title>Bacon</title>');
    await writeFile(path.join(dir, 'app/dist/assets/app-abc123.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'app/dist/assets/help.html'), '<!doctype html><title>Help</title>');
    await writeFile(path.join(dir, 'secret.txt'), 'nope');
    const app = definePlugin({
      id: 'app',
      version: '1.0.0',
      services: ['staticFiles'],
      init(ctx) {
        const files = ctx.services.staticFiles;
        files.redirect('/', '/app.html', { owner: 'app' });
        files.file('/app.html', path.join(dir, 'app/dist/index.html'), { owner: 'app', unbuilt: 'app' });
        files.folder('/assets', path.join(dir, 'app/dist/assets'), { owner: 'app', unbuilt: 'app' });
        files.file('/script.js', path.join(dir, 'missing/script.js'), {
          owner: 'app',
          unbuilt: 'script',
          headers: { 'Access-Control-Allow-Origin': '*' },
        });
        files.file('/maybe', path.join(dir, 'app/dist/index.html'), {
          owner: 'app',
          redirectTo: async ({ query }) => (query.go ? '/elsewhere' : undefined),
        });
      },
    });
    host = await startTestHost({ plugins: [app] });
    base = host.url;
  });
  after(async () => {
    await host?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('redirects', async () => {
    const r = await fetch(`${base}/`, { redirect: 'manual' });
    expect(r.status).to.equal(302);
    expect(r.headers.get('location')).to.equal('/app.html');
  });

  it('serves a file, revalidated, with an ETag that answers 304', async () => {
    const r = await fetch(`${base}/app.html`);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/text\/html/);
    expect(r.headers.get('cache-control')).to.equal('no-cache');
    expect(await r.text()).to.contain('<title>Bacon</title>');
    const again = await fetch(`${base}/app.html`, { headers: { 'if-none-match': r.headers.get('etag')! } });
    expect(again.status).to.equal(304);
  });

  it("keeps a file's security headers on its 304: a page keeps the page CSP, an asset the locked-down one", async () => {
    const cases = [
      ['/app.html', PAGE_CSP],
      ['/maybe', PAGE_CSP],
      ['/assets/help.html', PAGE_CSP],
      ['/assets/app-abc123.js', API_CSP],
    ] as const;
    for (const [p, csp] of cases) {
      const r = await fetch(`${base}${p}`);
      expect(r.status, p).to.equal(200);
      expect(r.headers.get('content-security-policy'), p).to.equal(csp);
      const again = await fetch(`${base}${p}`, { headers: { 'if-none-match': r.headers.get('etag')! } });
      expect(again.status, p).to.equal(304);
      expect(again.headers.get('content-type'), p).to.equal(null);
      expect(again.headers.get('content-security-policy'), `${p} (304)`).to.equal(csp);
      expect(again.headers.get('x-frame-options'), p).to.equal('DENY');
    }
    // An error on a page route is the API's JSON, with the API's CSP.
    const missing = await fetch(`${base}/script.js`);
    expect(missing.headers.get('content-security-policy')).to.equal(API_CSP);
  });

  it('serves a folder as immutable', async () => {
    const r = await fetch(`${base}/assets/app-abc123.js`);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/javascript/);
    expect(r.headers.get('cache-control')).to.contain('immutable');
  });

  it('refuses paths that climb out of the folder', async () => {
    for (const p of ['/assets/..%2F..%2Fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const r = await fetch(`${base}${p}`);
      expect(r.status, p).to.equal(404);
      expect(await r.text()).to.not.contain('nope');
    }
  });

  it('says clearly when a file is not built', async () => {
    const r = await fetch(`${base}/script.js`);
    expect(r.status).to.equal(503);
    expect(((await r.json()) as { error: { code: string } }).error.code).to.equal('ui_not_built');
  });

  it('redirects instead when the plugin asks', async () => {
    expect((await fetch(`${base}/maybe`)).status).to.equal(200);
    const r = await fetch(`${base}/maybe?go=1`, { redirect: 'manual' });
    expect(r.status).to.equal(302);
    expect(r.headers.get('location')).to.equal('/elsewhere');
  });

  it('serves nothing a plugin did not mount: the host resolves no UI package', async () => {
    const bare = await startTestHost();
    try {
      expect((await fetch(`${bare.url}/webui.html`)).status).to.equal(404);
      expect((await fetch(`${bare.url}/widget.js`)).status).to.equal(404);
    } finally {
      await bare.close();
    }
  });
});
