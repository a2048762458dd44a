import { spawn } from 'node:child_process';

/** Runs a command quietly; on failure throws with the tail of its output, so the error says why. */
export function runCommand(cmd: string, args: readonly string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    child.on('error', (err) => reject(new Error(`could not run ${cmd}: ${err.message}`)));
    child.on('exit', (code) => {
      if (code === 0) resolve(output);
      else reject(new Error(`\`${cmd} ${args.join(' ')}\` failed (exit ${code}):\n${output.split('\n').slice(-25).join('\n')}`));
    });
  });
}
