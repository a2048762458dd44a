import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { promisify } from 'node:util';

const root = new URL('../../', import.meta.url).pathname;

describe('@bacon/sdk package', function () {
  this.timeout(120000);

  it('has no runtime dependency on the host', async () => {
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    // One small, dependency-free library (CIDR parsing behind `@bacon/sdk/ip-ranges`); anything else
    // added here is a deliberate choice this list has to name.
    expect(Object.keys(pkg.dependencies ?? {})).to.deep.equal(['ipaddr.js']);
    expect(Object.keys(pkg.peerDependencies ?? {})).to.not.include('@bacon/host');
  });

  it('packs into a tarball with dist/ and its types, and no test kit (that is @bacon/testing)', async () => {
    const { stdout } = await promisify(execFile)('npm', ['pack', '-w', '@bacon/sdk', '--dry-run', '--json'], {
      cwd: root,
      maxBuffer: 16 * 1024 * 1024,
    });
    const json = stdout.slice(stdout.indexOf('[\n'));
    const files = (JSON.parse(json) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
    expect(files).to.include.members(['package.json', 'dist/index.js', 'dist/index.d.ts', 'dist/plugin.d.ts', 'dist/errors.d.ts']);
    expect(files.filter((f) => f.startsWith('dist/testing/'))).to.deep.equal([]);
    expect(files.filter((f) => f.startsWith('src/'))).to.deep.equal([]);
    await rm(new URL('../dist', import.meta.url), { recursive: true, force: true });
  });
});
