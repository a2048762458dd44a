// `npm run stack:down` (`make down`): stops what `npm run stack:up` started, and nothing else.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { clearState, isBaconHost, readState } from './stack-state.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const say = (line: string) => process.stdout.write(`${line}\n`);

async function stopPid(pid: number): Promise<void> {
  if (!(await isBaconHost(pid))) {
    say(`The host (pid ${pid}) is not running any more.`);
    return;
  }
  say(`Stopping the host (pid ${pid})...`);
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && (await isBaconHost(pid))) await new Promise((r) => setTimeout(r, 200));
  if (await isBaconHost(pid)) {
    say('  it did not stop within 20 s: SIGKILL');
    process.kill(pid, 'SIGKILL');
  }
  say('  stopped.');
}

const state = await readState();
if (!state) {
  say('Nothing to stop: no stack was started by npm run stack:up here.');
} else if (state.mode === 'compose') {
  const r = spawnSync('docker', ['compose', '--profile', 'redis', 'down'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(1);
} else if (state.pid) {
  await stopPid(state.pid);
}
await clearState();
