import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, waitFor, type TestDatabase } from '@bacon/host/testing';
import { freshSecrets } from 'create-bacon-app';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('npm run stack:up / stack:down without a Docker engine (native path, loopback)', function () {
  this.timeout(240_000);
  let database: TestDatabase;
  let stackDir: string;
  let pid: number | undefined;

  before(async () => {
    database = await createTestDatabase();
    stackDir = await mkdtemp(path.join(os.tmpdir(), 'bacon-stack-'));
  });
  after(async () => {
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    await database.drop();
    await rm(stackDir, { recursive: true, force: true });
  });

  it('starts the host, waits for /readyz, prints the URLs, and stack:down stops exactly that process', async () => {
    const port = await freePort();
    const secrets = freshSecrets();
    const env = {
      ...process.env,
      BACON_STACK_DIR: stackDir,
      BACON_DATA_DIR: database.dataDir,
      DATABASE_URL: database.databaseUrl ?? '',
      BACON_JWT_KEYS: secrets.BACON_JWT_KEYS,
      BACON_PLUGIN_SECRETS_KEY: secrets.BACON_PLUGIN_SECRETS_KEY,
      BACON_ADMIN_PASSWORD: secrets.BACON_ADMIN_PASSWORD,
      LOG_LEVEL: 'warn',
    };
    const script = (name: string, args: string[] = []) =>
      run(process.execPath, ['--import', 'tsx', '--conditions', 'bacon-source', `scripts/${name}.ts`, ...args], { cwd: root, env });

    const up = await script('stack-up', ['--native', '--port', String(port)]);
    const url = `http://127.0.0.1:${port}`;
    expect(up.stdout).to.contain(`console: ${url}/webui.html`).and.to.contain(`health:  ${url}/readyz`);
    pid = Number((await readFile(path.join(stackDir, 'bacon.pid'), 'utf8')).trim());
    expect(alive(pid)).to.equal(true);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).to.equal(200);

    const again = await script('stack-up', ['--native', '--port', String(port)]);
    expect(again.stdout).to.contain(`Already running (pid ${pid})`);

    const down = await script('stack-down');
    expect(down.stdout).to.contain(`Stopping the host (pid ${pid})`);
    await waitFor(() => !alive(pid as number), { what: 'the host process to exit', timeoutMs: 30_000 });
    const refused = await fetch(`${url}/healthz`).then(
      () => false,
      () => true,
    );
    expect(refused, 'nothing answers on the port after stack:down').to.equal(true);
    const twice = await script('stack-down');
    expect(twice.stdout).to.contain('Nothing to stop');
  });
});
