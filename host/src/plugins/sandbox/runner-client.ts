import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { envelope, type CallKind, type HostToRunner, type IsolateLimits, type RunnerToHost } from './runner-protocol.js';

export interface RunnerClientOptions {
  log: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
  /** Answers a host function call from an isolate with an envelope (JSON). Must not throw. */
  onHostCall(key: string, callId: string, fn: string, args: string): Promise<string>;
  onIsolateDead(key: string, reason: string): void;
  onRestart?(attempt: number): void;
}

type Registration = { pluginId: string; code: string; limits: IsolateLimits };

const RUNNER = fileURLToPath(new URL('./runner-main.ts', import.meta.url));
const GRACE_MS = 2000;
/** Runners run at a lower CPU priority than the host, so a plugin burning CPU cannot slow the host's own API. */
const RUNNER_NICENESS = 10;
/** tsx's loader, by absolute URL so the runner starts whatever the working directory. */
const TSX = (() => {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('tsx/package.json');
  return pathToFileURL(pkg.replace(/package\.json$/, (require(pkg) as { exports: { '.': string } }).exports['.'])).href;
})();

/**
 * The host's end of one sandbox runner: forks it (with --no-node-snapshot and tsx, at a lower CPU
 * priority), sends calls, answers its host-function calls, and restarts it with backoff when it
 * dies (calls arriving during the backoff wait for the restart; every restart is counted). A call
 * the runner does not answer within its deadline plus a grace period kills the runner.
 */
export class RunnerClient {
  private child?: ChildProcess;
  private ready?: Promise<void>;
  private stopping = false;
  private nextId = 1;
  private crashesInRow = 0;
  private startedAt = 0;
  private readonly pending = new Map<number, { resolve: (r: string) => void; timer: NodeJS.Timeout }>();
  private readonly registering = new Map<string, (m: { result: string; coldStartMs: number }) => void>();
  private readonly statsWaiters = new Map<number, (m: Extract<RunnerToHost, { t: 'stats' }>) => void>();
  private readonly registrations = new Map<string, Registration>();
  restarts = 0;

  constructor(private readonly opts: RunnerClientOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the runner if it is not running; resolves when it said ready. */
  ensure(): Promise<void> {
    if (this.stopping) return Promise.reject(new Error('sandbox runner stopped'));
    this.ready ??= this.spawn();
    return this.ready;
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const child = fork(RUNNER, [], {
        execArgv: ['--no-node-snapshot', '--import', TSX],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'json',
      });
      this.child = child;
      this.startedAt = Date.now();
      try {
        if (child.pid) setPriority(child.pid, RUNNER_NICENESS);
      } catch {
        /* not permitted here: the runner keeps the host's priority */
      }
      child.on('message', (m: RunnerToHost) => {
        if (m.t === 'ready') {
          for (const [key, r] of this.registrations)
            this.post({ t: 'register', key, pluginId: r.pluginId, code: r.code, limits: r.limits });
          resolve();
        } else this.onMessage(m);
      });
      child.on('error', (err) => {
        this.opts.log.warn({ err }, 'sandbox runner process error');
        reject(err);
      });
      child.once('exit', (code, signal) => {
        if (this.child === child) this.onExit(code, signal);
        reject(new Error(`sandbox runner exited before it was ready (${signal ?? code})`));
      });
    });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null): void {
    this.child = undefined;
    this.ready = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(envelope.fail('plugin_crashed', 'the sandbox runner stopped during the call', true, 503));
      this.pending.delete(id);
    }
    for (const [key, done] of this.registering)
      (done({ result: envelope.fail('plugin_crashed', 'the sandbox runner stopped while loading the plugin', true, 503), coldStartMs: 0 }),
        this.registering.delete(key));
    if (this.stopping) return;
    this.crashesInRow = Date.now() - this.startedAt > 10_000 ? 1 : this.crashesInRow + 1;
    const delay = Math.min(5000, 50 * 2 ** (this.crashesInRow - 1));
    this.opts.log.error({ code, signal, restartInMs: delay }, 'sandbox runner died; restarting');
    // The restart is the next `ready`: a call in the backoff waits for it rather than starting its
    // own runner (which skipped both the backoff and the restart count).
    const restart = new Promise<void>((resolve) => setTimeout(resolve, delay).unref()).then(() => {
      if (this.stopping) throw new Error('sandbox runner stopped');
      this.restarts++;
      this.opts.onRestart?.(this.restarts);
      return this.spawn();
    });
    this.ready = restart;
    restart.catch((err) => this.stopping || this.opts.log.error({ err }, 'sandbox runner failed to restart'));
  }

  private onMessage(m: RunnerToHost): void {
    switch (m.t) {
      case 'result': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        p.resolve(m.result);
        return;
      }
      case 'host-call':
        void this.opts.onHostCall(m.key, m.callId, m.fn, m.args).then((result) => this.post({ t: 'host-result', id: m.id, result }));
        return;
      case 'registered': {
        const done = this.registering.get(m.key);
        this.registering.delete(m.key);
        done?.({ result: m.result, coldStartMs: m.coldStartMs });
        return;
      }
      case 'isolate-dead':
        this.opts.onIsolateDead(m.key, m.reason);
        return;
      case 'stats':
        this.statsWaiters.get(m.id)?.(m);
        this.statsWaiters.delete(m.id);
        return;
    }
  }

  private post(msg: HostToRunner): void {
    try {
      // A runner that just died answers EPIPE here; its exit handler fails the calls in flight.
      if (this.child?.connected)
        this.child.send(msg, (err) => err && this.opts.log.warn({ err: err.message }, 'sandbox runner: message not delivered'));
    } catch (err) {
      this.opts.log.warn({ err }, 'sandbox runner: message not delivered');
    }
  }

  /** Loads (or reloads) a plugin's script into its own isolate; answers the register envelope. */
  async register(key: string, pluginId: string, code: string, limits: IsolateLimits): Promise<{ result: string; coldStartMs: number }> {
    this.registrations.set(key, { pluginId, code, limits });
    await this.ensure();
    return new Promise((resolve) => {
      this.registering.set(key, resolve);
      this.post({ t: 'register', key, pluginId, code, limits });
    });
  }

  /** One call into a plugin; resolves with its envelope (JSON), never rejects. */
  async call(
    key: string,
    kind: CallKind,
    name: string,
    input: string,
    ctx: string,
    deadlineMs: number,
    cpuTimeoutMs: number,
  ): Promise<string> {
    try {
      await this.ensure();
    } catch (err) {
      return envelope.fail('plugin_crashed', `the sandbox runner is not available: ${(err as Error).message}`, true, 503);
    }
    const id = this.nextId++;
    const child = this.child;
    return new Promise((resolve) => {
      if (!child?.connected) return resolve(envelope.fail('plugin_crashed', 'the sandbox runner stopped before the call', true, 503));
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(envelope.fail('plugin_timeout', 'the sandbox runner did not answer in time', true, 504));
        if (this.child === child) {
          this.opts.log.error({ key, deadlineMs }, 'sandbox runner did not answer past the deadline; killing it');
          child.kill('SIGKILL');
        }
      }, deadlineMs + GRACE_MS);
      this.pending.set(id, { resolve, timer });
      this.post({ t: 'call', id, key, kind, name, input, ctx, deadlineMs, cpuTimeoutMs });
    });
  }

  async stats(): Promise<Extract<RunnerToHost, { t: 'stats' }>['isolates']> {
    if (!this.child) return [];
    const id = this.nextId++;
    return new Promise((resolve) => {
      const t = setTimeout(() => (this.statsWaiters.delete(id), resolve([])), 1000);
      this.statsWaiters.set(id, (m) => (clearTimeout(t), resolve(m.isolates)));
      this.post({ t: 'stats', id });
    });
  }

  dispose(key: string): void {
    this.registrations.delete(key);
    this.post({ t: 'dispose', key });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.disconnect?.();
    const t = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(t);
  }
}
