import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createTestTenant, createTestUser, requestJson, startTestHost, type TestHost, type TestUser } from '@bacon/host/testing';
import inbox from '@bacon/plugin-inbox';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const say = (line: string) => process.stdout.write(`      ${line}\n`);

/** Every official plugin: its workspace folder, and the id it registers under. */
const OFFICIAL = ['shopify', 'hubspot', 'salesforce', 'zapier', 'twilio-whatsapp', 'messenger'];

/**
 * What a Bacon admin does with a plugin from npm, without the registry: `npm pack` each official
 * plugin (and the SDK it depends on), `npm install` the tarballs into a fresh project offline, start
 * a host that loads the installed copies (not the workspace sources), and enable each one with the
 * capabilities it asks for. Enabling calls the plugin's `activate` in the sandbox, so the installed
 * files must bundle and run.
 */
// Packing and installing does not depend on the database: CI runs it once, in the embedded pass; on
// the Postgres pass it shows as pending under this title (BACON_PACK_POSTGRES=1 runs it there too).
const once = process.env.DATABASE_URL && process.env.BACON_PACK_POSTGRES !== '1' ? describe.skip : describe;
once('official plugins installed from their npm pack tarballs (embedded pass only)', function () {
  this.timeout(15 * 60_000);
  let work: string;
  let host: TestHost | undefined;
  let admin: TestUser;
  const installed = new Map<string, string>();

  before(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'bacon-plugin-packs-'));
    const packs = path.join(work, 'packs');
    await mkdir(packs);
    say(`npm pack @bacon/sdk ${OFFICIAL.map((p) => `official-plugins/${p}`).join(' ')}`);
    const workspaces = ['sdk', ...OFFICIAL.map((p) => `official-plugins/${p}`)];
    await run('npm', ['pack', '--pack-destination', packs, ...workspaces.flatMap((w) => ['-w', w])], { cwd: root, maxBuffer: 64 << 20 });
    expect(
      (await readdir(packs)).filter((f) => f.endsWith('.tgz')),
      'one tarball per package',
    ).to.have.length(workspaces.length);
    // The SDK's one third-party dependency, packed from this repository's install: npm's cache keeps
    // tarballs but not the registry's package listings, so an offline install cannot resolve a range.
    await run('npm', ['pack', '--pack-destination', packs, path.join(root, 'node_modules', 'ipaddr.js')], { cwd: work });
    const tarballs = (await readdir(packs)).filter((f) => f.endsWith('.tgz'));

    const app = path.join(work, 'app');
    await mkdir(app);
    await writeFile(path.join(app, 'package.json'), JSON.stringify({ name: 'support-desk', private: true, type: 'module' }));
    say('npm install --offline the tarballs into a fresh project');
    // Offline, so nothing leaves the machine; the SDK's peers (knex, prom-client) belong to the host.
    await run(
      'npm',
      ['install', '--offline', '--no-audit', '--no-fund', '--legacy-peer-deps', ...tarballs.map((t) => path.join(packs, t))],
      { cwd: app, maxBuffer: 64 << 20 },
    );
    for (const p of OFFICIAL) installed.set(p, path.join(app, 'node_modules', `bacon-plugin-${p}`));

    host = await startTestHost({ plugins: [inbox, ...installed.values()] });
    const tenant = await createTestTenant(host);
    admin = await createTestUser(host, { tenantId: tenant.id, role: 'admin' });
  });

  after(async () => {
    await host?.close();
    await rm(work, { recursive: true, force: true });
  });

  for (const id of OFFICIAL) {
    it(`${id}: the installed package has its README, a bacon field and no tests, loads sandboxed and enables with its grants`, async () => {
      const dir = installed.get(id)!;
      const pkg = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { bacon?: unknown; version: string };
      expect(pkg.bacon, 'the bacon field marks it as a plugin').to.be.an('object');
      const files = await readdir(dir);
      expect(files).to.include('README.md');
      expect(files, 'tests stay out of the published package').not.to.include('test');

      const call = (method: string, p: string, body?: unknown) => requestJson(host!.url, admin.headers, method, p, body);
      const view = await call('GET', `/api/v1/plugins/${id}`);
      expect(view.status, JSON.stringify(view.body)).to.equal(200);
      expect(view.body).to.include({ tier: 'sandboxed', version: pkg.version, enabled: false });
      const schema = await call('GET', `/api/v1/plugins/${id}/schema`);
      expect(schema.status, JSON.stringify(schema.body)).to.equal(200);
      const grants = ((schema.body.capabilities ?? []) as { name: string }[]).map((c) => c.name);
      expect(grants, 'an official plugin asks for what it needs').to.include('http');

      const on = await call('POST', `/api/v1/plugins/${id}/enable`, { grants });
      expect(on.status, JSON.stringify(on.body)).to.equal(200);
      const after = await call('GET', `/api/v1/plugins/${id}`);
      expect(after.body).to.include({ enabled: true, healthy: true });
      expect(after.body.grants).to.have.members(grants);
    });
  }
});
