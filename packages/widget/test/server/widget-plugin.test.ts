import { expect } from 'chai';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestUser, withTestHost } from '@bacon/host/testing';
import { widgetPlugin } from '../../server/index.js';

describe('the widget plugin', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-widget-'));
    await mkdir(path.join(dir, 'demo'));
    await writeFile(path.join(dir, 'demo/index.html'), '<!doctype html><title>Demo</title>');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('says clearly when widget.js is not built, and serves it to any site once it is', async () => {
    await withTestHost({ plugins: [widgetPlugin({ dir, demo: false })] }, async (host) => {
      const missing = await fetch(`${host.url}/widget.js`);
      expect(missing.status).to.equal(503);
      expect(((await missing.json()) as { error: { code: string } }).error.code).to.equal('ui_not_built');
      await mkdir(path.join(dir, 'dist'), { recursive: true });
      await writeFile(path.join(dir, 'dist/widget.js'), 'void 0');
      const r = await fetch(`${host.url}/widget.js`);
      expect(r.status).to.equal(200);
      expect(r.headers.get('access-control-allow-origin')).to.equal('*');
      expect(r.headers.get('cross-origin-resource-policy')).to.equal('cross-origin');
      expect((await fetch(`${host.url}/demo`)).status, 'no demo when turned off').to.equal(404);
    });
  });

  it('redirects /demo without a site key to the first workspace demo key, listing the page origin', async () => {
    await withTestHost({ plugins: [widgetPlugin({ dir, demo: true })] }, async (host) => {
      const first = await fetch(`${host.url}/demo`, { redirect: 'manual' });
      expect(first.status).to.equal(302);
      const location = first.headers.get('location')!;
      expect(location).to.match(/^\/demo\?siteKey=sk_/);
      const again = await fetch(`${host.url}/demo`, { redirect: 'manual' });
      expect(again.headers.get('location')).to.equal(location);
      const page = await fetch(`${host.url}${location}`);
      expect(await page.text()).to.contain('<title>Demo</title>');
      const key = decodeURIComponent(location.split('=')[1]!);
      const admin = await createTestUser(host, { role: 'admin' });
      const sites = (await (await fetch(`${host.url}/api/v1/site-keys`, { headers: admin.headers })).json()) as {
        siteKeys: { key: string; name: string; allowedOrigins: string[] }[];
      };
      const demo = sites.siteKeys.find((s) => s.key === key)!;
      expect(demo.name).to.equal('Demo page');
      expect(demo.allowedOrigins).to.deep.equal([new URL(host.url).origin]);
    });
  });
});
