// `npm run bench -- sandbox`: the plugin sandbox. The figures come from _sandbox-bench.ts, run in a
// child node with the flags tests use (isolated-vm needs --no-node-snapshot; workspace sources).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('./_sandbox-bench.ts', import.meta.url));
const child = spawn(process.execPath, ['--no-node-snapshot', '--import', 'tsx', '--conditions', 'bacon-source', script], {
  stdio: 'inherit',
});
const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
if (code !== 0) process.exit(code);
