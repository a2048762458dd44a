import { expect } from 'chai';
import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { discoverPlugins } from '../../src/plugins/discover-plugins.js';

async function pkg(dir: string, json: object, entry?: { file: string; code: string }): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ type: 'module', ...json }));
  if (entry) await writeFile(path.join(dir, entry.file), entry.code);
}

const defCode = (id: string) => `export default { id: '${id}', version: '1.0.0' };\n`;

describe('discoverPlugins', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'bacon-discover-'));
    await pkg(root, { name: 'app', workspaces: ['plugins/*'] });
    await pkg(
      path.join(root, 'plugins/first'),
      { name: '@acme/plugin-first', bacon: { sdk: '^1', tier: 'trusted' }, exports: { '.': './index.js' } },
      { file: 'index.js', code: defCode('first') },
    );
    await pkg(path.join(root, 'plugins/not-a-plugin'), { name: 'tooling', main: 'index.js' }, { file: 'index.js', code: '' });
    await pkg(path.join(root, 'plugins/unbuilt'), { name: 'unbuilt', bacon: { sdk: '^1' }, main: 'dist/index.js' });
    await pkg(
      path.join(root, 'node_modules/bacon-plugin-claims-trust'),
      { name: 'bacon-plugin-claims-trust', bacon: { sdk: '^1', tier: 'trusted' }, main: 'index.js' },
      { file: 'index.js', code: defCode('claims') },
    );
    await pkg(
      path.join(root, 'node_modules/@bacon/plugin-official'),
      { name: '@bacon/plugin-official', bacon: { sdk: '^1', tier: 'trusted' }, main: 'index.js' },
      { file: 'index.js', code: defCode('official') },
    );
    await pkg(path.join(root, 'node_modules/left-pad'), { name: 'left-pad', main: 'index.js' }, { file: 'index.js', code: '' });
    await mkdir(path.join(root, 'node_modules/@acme'), { recursive: true });
    await symlink(path.join(root, 'plugins/first'), path.join(root, 'node_modules/@acme/plugin-first'));
    await pkg(
      path.join(root, 'extra/listed'),
      { name: 'listed', bacon: { sdk: '^1' }, main: 'index.js' },
      { file: 'index.js', code: defCode('listed') },
    );
  });
  after(() => rm(root, { recursive: true, force: true }));

  it('finds workspace and node_modules packages with a bacon field, once each, in a stable order', async () => {
    const warnings: string[] = [];
    const found = await discoverPlugins({ root, scan: true, extra: [], warn: (m) => warnings.push(m) });
    expect(found.map((s) => [s.name, s.tier, s.origin])).to.deep.equal([
      ['@bacon/plugin-official', 'trusted', 'node_modules'],
      ['bacon-plugin-claims-trust', 'sandboxed', 'node_modules'],
      ['@acme/plugin-first', 'trusted', 'workspace'],
    ]);
    expect(found.find((s) => s.name === '@acme/plugin-first')!.definition).to.deep.equal({ id: 'first', version: '1.0.0' });
    expect(warnings.join()).to.match(/unbuilt has no entry file/);
  });

  it('runs a third-party package sandboxed even when it claims to be trusted', async () => {
    const found = await discoverPlugins({ root, scan: true, extra: [] });
    const claims = found.find((s) => s.name === 'bacon-plugin-claims-trust')!;
    expect(claims.tier).to.equal('sandboxed');
    expect(claims.definition).to.equal(undefined);
    expect(claims.entry).to.match(/claims-trust\/index\.js$/);
  });

  it('loads only the explicit list when scanning is off', async () => {
    const found = await discoverPlugins({ root, scan: false, extra: ['./extra/listed', '@bacon/plugin-official'] });
    expect(found.map((s) => s.name).sort()).to.deep.equal(['@bacon/plugin-official', 'listed']);
  });

  it('names a listed package that does not exist', async () => {
    const err = await discoverPlugins({ root, scan: false, extra: ['bacon-plugin-ghost'] }).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(/no plugin package at "bacon-plugin-ghost"/);
  });

  it('fails, naming the file, for a listed package whose entry file is missing (a discovered one is only warned about)', async () => {
    const err = await discoverPlugins({ root, scan: false, extra: ['./plugins/unbuilt'] }).catch((e: Error) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message).to.match(/unbuilt has no entry file \(.*dist\/index\.js\)/);
  });

  it('fails, naming the path, for a listed plugin file that does not exist', async () => {
    const err = await discoverPlugins({ root, scan: false, extra: ['./extra/missing-plugin.ts'] }).catch((e: Error) => e);
    expect((err as Error).message).to.match(/plugin file ".*extra\/missing-plugin\.ts" does not exist/);
  });

  it('names a listed package without a bacon field', async () => {
    const err = await discoverPlugins({ root, scan: false, extra: ['left-pad'] }).catch((e: Error) => e);
    expect((err as Error).message).to.match(/"left-pad" has no "bacon" field/);
  });
});
