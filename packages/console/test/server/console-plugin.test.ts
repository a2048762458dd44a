import { expect } from 'chai';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { withTestHost } from '@bacon/host/testing';
import { consolePlugin } from '../../server/index.js';

describe('the console plugin', () => {
  it('serves its build at /webui.html and /assets, and redirects / there', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-console-'));
    try {
      await mkdir(path.join(dir, 'dist/assets'), { recursive: true });
      await writeFile(path.join(dir, 'dist/webui.html'), '<!doctype html><title>Bacon</title>');
      await writeFile(path.join(dir, 'dist/assets/index-abc.js'), 'void 0');
      await withTestHost({ plugins: [consolePlugin({ dir })] }, async (host) => {
        const root = await fetch(`${host.url}/`, { redirect: 'manual' });
        expect(root.headers.get('location')).to.equal('/webui.html');
        expect(await (await fetch(`${host.url}/webui.html`)).text()).to.contain('<title>Bacon</title>');
        expect((await fetch(`${host.url}/assets/index-abc.js`)).headers.get('cache-control')).to.contain('immutable');
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('says clearly when the console is not built', async () => {
    await withTestHost({ plugins: [consolePlugin({ dir: os.tmpdir() + '/bacon-no-console' })] }, async (host) => {
      const r = await fetch(`${host.url}/webui.html`);
      expect(r.status).to.equal(503);
      expect(((await r.json()) as { error: { code: string } }).error.code).to.equal('ui_not_built');
    });
  });
});
