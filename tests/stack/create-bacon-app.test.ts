import { expect } from 'chai';
import { mkdir, mkdtemp, readFile, rm, writeFile, stat } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@bacon/host';
import { APP_PACKAGES, PLUGIN_PACKAGES, createApp, nextSteps, parseOptions, UsageError, type Options } from 'create-bacon-app';
import { parseDotenv } from '../../scripts/stack-env.js';

const quiet = () => undefined;
const run = promisify(execFile);
const mochaBin = path.dirname(createRequire(import.meta.url).resolve('mocha/package.json'));

describe('create-bacon-app (files only, --no-install)', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(path.join(os.tmpdir(), 'bacon-cba-unit-'));
  });
  afterEach(() => rm(cwd, { recursive: true, force: true }));

  const create = (argv: string[]) => createApp(parseOptions([...argv, '--no-install', '--yes']), cwd, quiet);
  const read = (rel: string) => readFile(path.join(cwd, rel), 'utf8');

  it('writes an app whose .env has fresh strong secrets the host accepts', async () => {
    const result = await create([
      'my-support',
      '--database',
      'postgres://bacon:pw@127.0.0.1:5432/bacon',
      '--redis',
      'redis://127.0.0.1:6379',
    ]);
    const env = parseDotenv(await read('my-support/.env'));
    const config = loadConfig(env);
    expect(config.databaseUrl).to.equal('postgres://bacon:pw@127.0.0.1:5432/bacon');
    expect(config.redisUrl).to.equal('redis://127.0.0.1:6379');
    expect(config.pluginSecretsKey).to.match(/^[0-9a-f]{64}$/);
    expect(env.BACON_JWT_KEYS).to.match(/^k\d{8}:[0-9a-f]{96}$/);
    expect(env.BACON_ADMIN_PASSWORD).to.equal(result.adminPassword);
    expect((await stat(path.join(cwd, 'my-support/.env'))).mode & 0o077, '.env is private to its owner').to.equal(0);
    const other = await createApp(parseOptions(['second', '--no-install', '--yes']), cwd, quiet);
    expect(parseDotenv(await read('second/.env')).BACON_JWT_KEYS).to.not.equal(env.BACON_JWT_KEYS);
    expect(other.adminPassword).to.not.equal(result.adminPassword);
  });

  it('scaffolds the compose stack, the Dockerfile and package.json on the Bacon packages', async () => {
    await create(['my-support', '--database', 'compose']);
    expect(await read('my-support/docker-compose.yml')).to.equal(
      await readFile(new URL('../../docker-compose.yml', import.meta.url), 'utf8'),
    );
    expect(await read('my-support/Dockerfile'))
      .to.match(/^USER node$/m)
      .and.to.match(/^HEALTHCHECK /m);
    const pkg = JSON.parse(await read('my-support/package.json')) as {
      dependencies: Record<string, string>;
      scripts: Record<string, string>;
    };
    expect(pkg.dependencies['@bacon/host']).to.equal('^0.1.0');
    expect(pkg.scripts.start).to.contain('--env-file=.env');
    expect(parseDotenv(await read('my-support/.env')).DATABASE_URL, 'compose sets DATABASE_URL itself').to.equal(undefined);
  });

  it('writes the chosen widget example', async () => {
    await create(['html-app']);
    expect(await read('html-app/widget/index.html')).to.contain('src="http://localhost:3000/widget.js"');
    await create(['react-app', '--example', 'react', '--port', '4100']);
    expect(await read('react-app/widget/src/bacon-widget.tsx')).to.contain('export function BaconWidget');
    expect(await read('react-app/widget/index.html')).to.contain('data-bacon-host="http://localhost:4100"');
    await create(['next-app', '--example', 'nextjs']);
    expect(await read('next-app/widget/app/bacon-chat.tsx')).to.contain("from './bacon-widget'");
  });

  it('refuses a non-empty folder unless --force', async () => {
    await mkdir(path.join(cwd, 'taken'));
    await writeFile(path.join(cwd, 'taken/notes.txt'), 'mine');
    const err = await create(['taken']).catch((e: Error) => e);
    expect(err)
      .to.be.instanceOf(Error)
      .with.property('message')
      .that.matches(/taken is not empty \(notes\.txt\).*--force/);
    await create(['taken', '--force']);
    expect(await read('taken/notes.txt')).to.equal('mine');
    expect(await read('taken/package.json')).to.contain('"name": "taken"');
  });

  it('scaffolds a plugin project with nock 14 and the mocha options a sandboxed plugin needs', async () => {
    const result = await create(['--plugin', 'my-plugin']);
    expect(result.kind).to.equal('plugin');
    const pkg = JSON.parse(await read('my-plugin/package.json')) as { name: string; devDependencies: Record<string, string> };
    expect(pkg.name).to.equal('bacon-plugin-my-plugin');
    expect(pkg.devDependencies.nock).to.equal('^14.0.0');
    expect(await read('my-plugin/.mocharc.cjs'))
      .to.contain("'no-node-snapshot'")
      .and.to.contain("'import=tsx'");
    expect(await read('my-plugin/src/index.ts')).to.contain("id: 'my-plugin'");
    expect(nextSteps({ install: false } as Options, result)).to.contain('npm test');
  });

  it('installs every Bacon package its packages depend on (an app installs from tarballs, never a missing one from the registry)', async () => {
    const modules = fileURLToPath(new URL('../../node_modules/', import.meta.url));
    for (const list of [APP_PACKAGES, PLUGIN_PACKAGES] as readonly (readonly string[])[]) {
      for (const name of list) {
        const pkg = JSON.parse(await readFile(path.join(modules, name, 'package.json'), 'utf8')) as {
          dependencies?: Record<string, string>;
          peerDependencies?: Record<string, string>;
        };
        const needs = Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies }).filter((d) => d.startsWith('@bacon/'));
        expect(
          needs.filter((d) => !list.includes(d)),
          `${name} needs`,
        ).to.deep.equal([]);
      }
    }
  });

  it('answers a clear usage error for bad flags', () => {
    expect(() => parseOptions(['x', '--database', 'mysql://db'])).to.throw(
      UsageError,
      /--database must be embedded, compose or a postgres:\/\/ URL/,
    );
    expect(() => parseOptions(['x', '--example', 'vue'])).to.throw(UsageError, /--example must be one of html, react, nextjs/);
    expect(() => parseOptions(['Bad Name'])).to.throw(UsageError, /not a valid package name/);
    expect(() => parseOptions(['x', '--bogus'])).to.throw(UsageError, /bogus/);
    expect(() => parseOptions(['x', '--redis', 'http://nope'])).to.throw(UsageError, /--redis must be a redis:\/\/ URL/);
  });

  it('names the missing tarball when --packages lacks one', async () => {
    await mkdir(path.join(cwd, 'packs'));
    const err = await create(['app', '--packages', path.join(cwd, 'packs')]).catch((e: Error) => e);
    expect((err as Error).message).to.match(/no tarball for @bacon\/sdk \(bacon-sdk-<version>\.tgz\)/);
  });
});

describe("create-bacon-app --plugin: the scaffolded plugin's own tests", function () {
  this.timeout(400_000);
  // Inside the checkout (tmp/ is git-ignored), so @bacon/testing and mocha resolve from its node_modules
  // instead of an install; `bacon-source` points the packages at their sources (no build in a checkout).
  const base = fileURLToPath(new URL('../../tmp/', import.meta.url));
  let dir: string;
  before(async () => {
    await mkdir(base, { recursive: true });
    dir = await mkdtemp(path.join(base, 'plugin-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('pass in a real sandbox with the project .mocharc.cjs', async () => {
    await createApp(parseOptions(['--plugin', 'my-plugin', '--no-install', '--yes']), dir, quiet);
    const project = path.join(dir, 'my-plugin');
    const { stdout } = await run(process.execPath, [path.join(mochaBin, 'bin/mocha.js'), '--reporter', 'dot'], {
      cwd: project,
      env: { ...process.env, NODE_OPTIONS: '--conditions=bacon-source' },
    });
    expect(stdout).to.match(/2 passing/);
  });
});
