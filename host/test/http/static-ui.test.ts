import { expect } from 'chai';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHost, type Host } from '../../src/host.js';
import { staticUiModule } from '../../src/http/static-ui.js';
import { authModule } from '../../src/auth/index.js';
import { isStale } from '../../src/http/ensure-ui-built.js';
import { createTestDatabase, type TestDatabase } from '../../src/testing/index.js';

describe('staticUiModule', () => {
  let dir: string;
  let host: Host;
  let db: TestDatabase;
  let base: string;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-ui-'));
    await mkdir(path.join(dir, 'console/dist/assets'), { recursive: true });
    await writeFile(path.join(dir, 'console/dist/webui.html'), '<!doctype html><title>Bacon</title>');
    await writeFile(path.join(dir, 'console/dist/assets/app-abc123.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'nope');
    db = await createTestDatabase('pglite');
    host = createHost({
      env: {},
      config: { nodeEnv: 'test', port: 0, host: '127.0.0.1', logLevel: 'silent', dataDir: db.dataDir },
      modules: [authModule(), staticUiModule({ consoleDir: path.join(dir, 'console'), widgetDir: path.join(dir, 'widget') })],
    });
    base = await host.start();
  });
  after(async () => {
    await host?.stop();
    await db?.drop();
    await rm(dir, { recursive: true, force: true });
  });

  it('redirects / to the console', async () => {
    const r = await fetch(`${base}/`, { redirect: 'manual' });
    expect(r.status).to.equal(302);
    expect(r.headers.get('location')).to.equal('/webui.html');
  });

  it('serves the console page, revalidated, with an ETag that answers 304', async () => {
    const r = await fetch(`${base}/webui.html`);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/text\/html/);
    expect(r.headers.get('cache-control')).to.equal('no-cache');
    expect(await r.text()).to.contain('<title>Bacon</title>');
    const again = await fetch(`${base}/webui.html`, { headers: { 'if-none-match': r.headers.get('etag')! } });
    expect(again.status).to.equal(304);
  });

  it('serves hashed assets as immutable', async () => {
    const r = await fetch(`${base}/assets/app-abc123.js`);
    expect(r.status).to.equal(200);
    expect(r.headers.get('content-type')).to.match(/javascript/);
    expect(r.headers.get('cache-control')).to.contain('immutable');
  });

  it('refuses paths that climb out of the assets folder', async () => {
    for (const p of ['/assets/..%2F..%2Fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/../../secret.txt']) {
      const r = await fetch(`${base}${p}`);
      expect(r.status, p).to.equal(404);
      expect(await r.text()).to.not.contain('nope');
    }
  });

  it('says clearly when the widget is not built', async () => {
    const r = await fetch(`${base}/widget.js`);
    expect(r.status).to.equal(503);
    expect(((await r.json()) as { error: { code: string } }).error.code).to.equal('ui_not_built');
  });
});

describe('isStale', () => {
  it('is true without a build and false right after one, true again after a source edit', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-stale-'));
    try {
      await mkdir(path.join(dir, 'src'));
      await writeFile(path.join(dir, 'src/a.ts'), 'x');
      expect(await isStale(dir, 'out.js')).to.equal(true);
      await new Promise((r) => setTimeout(r, 20));
      await mkdir(path.join(dir, 'dist'));
      await writeFile(path.join(dir, 'dist/out.js'), 'built');
      expect(await isStale(dir, 'out.js')).to.equal(false);
      await new Promise((r) => setTimeout(r, 20));
      await writeFile(path.join(dir, 'src/a.ts'), 'y');
      expect(await isStale(dir, 'out.js')).to.equal(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});


describe('GET /demo', () => {
  it('without a site key, redirects to the demo key of the first workspace, listing the page origin', async () => {
    const { startTestHost } = await import('../../src/testing/index.js');
    const host = await startTestHost();
    try {
      const first = await fetch(`${host.url}/demo`, { redirect: 'manual' });
      expect(first.status).to.equal(302);
      const location = first.headers.get('location')!;
      expect(location).to.match(/^\/demo\?siteKey=sk_/);
      const again = await fetch(`${host.url}/demo`, { redirect: 'manual' });
      expect(again.headers.get('location')).to.equal(location);
      const key = decodeURIComponent(location.split('=')[1]!);
      const config = await fetch(`${host.url}/widget/v1/config?siteKey=${encodeURIComponent(key)}`, { headers: { origin: host.url.replace('localhost', '127.0.0.1') } });
      expect(config.status).to.equal(200);
    } finally {
      await host.close();
    }
  });
});
