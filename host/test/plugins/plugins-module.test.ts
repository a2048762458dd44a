import { expect } from 'chai';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { definePlugin } from '@bacon/sdk';
import { loadConfig } from '../../src/config/index.js';
import { pluginsModule } from '../../src/plugins/index.js';

describe('pluginsModule', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'bacon-plugins-module-'));
    await writeFile(path.join(root, 'package.json'), JSON.stringify({ name: 'app', workspaces: ['packages/*'] }));
    const dir = path.join(root, 'packages/notes');
    await mkdir(path.join(dir, 'migrations'), { recursive: true });
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: '@bacon/plugin-notes', type: 'module', main: 'index.js', bacon: { sdk: '^1', tier: 'trusted' } }),
    );
    await writeFile(path.join(dir, 'index.js'), `export default { id: 'notes', version: '1.0.0' };\n`);
  });
  after(() => rm(root, { recursive: true, force: true }));

  const config = (discovery: boolean) => loadConfig({}, { pluginDiscovery: discovery, dataDir: root });

  it("knows trusted plugins' migration folders before the host starts", async () => {
    const m = await pluginsModule(config(true), { root });
    expect(m.migrations).to.deep.equal([{ owner: 'notes', dir: path.join(await realRoot(), 'packages/notes/migrations') }]);
  });

  it('lets a definition passed in code replace the discovered package with the same id, with its own migrations folder', async () => {
    const dir = path.join(root, 'elsewhere/migrations');
    const m = await pluginsModule(config(true), { root, plugins: [definePlugin({ id: 'notes', version: '1.0.1', migrations: dir })] });
    expect(m.migrations).to.deep.equal([{ owner: 'notes', dir }]);
  });

  it('probes no package folder for a definition passed in code: it names its migrations absolutely', async () => {
    const m = await pluginsModule(config(true), { root, plugins: [definePlugin({ id: 'notes', version: '1.0.1' })] });
    expect(m.migrations).to.deep.equal([]);
    let error: Error | undefined;
    await pluginsModule(config(false), {
      root,
      plugins: [definePlugin({ id: 'notes', version: '1.0.1', migrations: 'migrations' })],
    }).catch((err: Error) => (error = err));
    expect(error?.message).to.match(/manifest field "migrations" is relative/);
  });

  it('logs, once the host hands it a logger, a discovered package it skipped for a missing entry file', async () => {
    const dir = path.join(root, 'packages/unbuilt');
    await mkdir(dir, { recursive: true });
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'bacon-plugin-unbuilt', type: 'module', main: 'dist/index.js', bacon: { sdk: '^1' } }),
    );
    try {
      const m = await pluginsModule(config(true), { root });
      const warned: string[] = [];
      const log = {
        warn: (_o: unknown, msg: string) => warned.push(msg),
        info: () => undefined,
        error: () => undefined,
        debug: () => undefined,
      };
      m.setup!({ log: { child: () => log } } as never);
      expect(warned.join('\n')).to.match(/bacon-plugin-unbuilt has no entry file \(.*dist\/index\.js\); skipped/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('discovers nothing when discovery is off', async () => {
    const m = await pluginsModule(config(false), { root });
    expect(m.migrations).to.deep.equal([]);
  });

  async function realRoot(): Promise<string> {
    const { realpath } = await import('node:fs/promises');
    return realpath(root);
  }
});
