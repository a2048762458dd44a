import { RunnerClient, type RunnerClientOptions } from './runner-client.js';
import type { CallKind, IsolateLimits, RunnerToHost } from './runner-protocol.js';

export interface RunnerPoolOptions extends RunnerClientOptions {
  /** Most runner processes; each starts when its first plugin is assigned. */
  size: number;
}

/**
 * The sandbox runners: up to `size` processes, each plugin (by group: its package, so its versions
 * and its load probe share one) assigned to one of them, one plugin per runner until there are
 * more plugins than runners, then to the runner with the fewest. A runner that dies (a catastrophic
 * isolate error, a kill) fails only its own plugins' calls in flight, and restarts with its own
 * backoff.
 */
export class RunnerPool {
  readonly runners: RunnerClient[] = [];
  private readonly groups = new Map<string, RunnerClient>();
  private readonly keys = new Map<string, RunnerClient>();

  constructor(private readonly opts: RunnerPoolOptions) {}

  private runnerFor(group: string): RunnerClient {
    let runner = this.groups.get(group);
    if (runner) return runner;
    if (this.runners.length < this.opts.size) {
      runner = new RunnerClient(this.opts);
      this.runners.push(runner);
    } else {
      const load = (r: RunnerClient) => [...this.groups.values()].filter((x) => x === r).length;
      runner = this.runners.reduce((best, r) => (load(r) < load(best) ? r : best));
    }
    this.groups.set(group, runner);
    return runner;
  }

  /** Loads (or reloads) a plugin's script into its own isolate in its group's runner. */
  register(
    key: string,
    group: string,
    pluginId: string,
    code: string,
    limits: IsolateLimits,
  ): Promise<{ result: string; coldStartMs: number }> {
    const runner = this.runnerFor(group);
    this.keys.set(key, runner);
    return runner.register(key, pluginId, code, limits);
  }

  /** One call into a plugin; resolves with its envelope (JSON), never rejects. */
  call(key: string, kind: CallKind, name: string, input: string, ctx: string, deadlineMs: number, cpuTimeoutMs: number): Promise<string> {
    const runner = this.keys.get(key);
    if (!runner)
      return Promise.resolve(
        JSON.stringify({
          ok: false,
          error: { code: 'plugin_not_loaded', message: `plugin ${key} is not loaded in the sandbox`, retryable: true, status: 503 },
        }),
      );
    return runner.call(key, kind, name, input, ctx, deadlineMs, cpuTimeoutMs);
  }

  dispose(key: string): void {
    this.keys.get(key)?.dispose(key);
    this.keys.delete(key);
  }

  /** The process id of the runner holding a plugin version (undefined while it restarts). */
  pidOf(key: string): number | undefined {
    return this.keys.get(key)?.pid;
  }

  /** Every running runner's process id. */
  pids(): number[] {
    return this.runners.map((r) => r.pid).filter((p): p is number => p !== undefined);
  }

  get restarts(): number {
    return this.runners.reduce((n, r) => n + r.restarts, 0);
  }

  async stats(): Promise<Extract<RunnerToHost, { t: 'stats' }>['isolates']> {
    return (await Promise.all(this.runners.map((r) => r.stats()))).flat();
  }

  async stop(): Promise<void> {
    await Promise.all(this.runners.map((r) => r.stop()));
  }
}
