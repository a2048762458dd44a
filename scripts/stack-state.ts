// Where `npm run stack:up` records what it started, so `npm run stack:down` stops exactly that.
import { readFile, rm, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface StackState {
  mode: 'compose' | 'native';
  /** Native mode: the host process's id. */
  pid?: number;
  url: string;
  startedAt: string;
}

/** The state folder: BACON_STACK_DIR, else `.stack` in the working directory. */
export const stackDir = (): string => path.resolve(process.env.BACON_STACK_DIR ?? '.stack');
const stateFile = () => path.join(stackDir(), 'stack.json');
export const pidFile = (): string => path.join(stackDir(), 'bacon.pid');
export const logFile = (): string => path.join(stackDir(), 'bacon.log');

export async function readState(): Promise<StackState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(), 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

export async function writeState(state: StackState): Promise<void> {
  await mkdir(stackDir(), { recursive: true });
  await writeFile(stateFile(), `${JSON.stringify(state, null, 2)}\n`);
  if (state.pid) await writeFile(pidFile(), `${state.pid}\n`);
}

export async function clearState(): Promise<void> {
  await rm(stateFile(), { force: true });
  await rm(pidFile(), { force: true });
}

/** True while `pid` runs and is a Bacon host (a recycled pid of another program is left alone). */
export async function isBaconHost(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).includes('cli.ts');
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}
