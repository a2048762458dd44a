import { randomBytes } from 'node:crypto';
import type { HealthResult, HostResult, PluginDefinition } from '@bacon/sdk';
import type { Config } from '../../config/index.js';
import type { PluginRecord } from '../plugin-record.js';
import type { PluginSource } from '../plugin-source.js';
import type { SandboxTier } from '../sandbox-tier.js';
import type { CallScope } from '../call-scope.js';
import { PluginLoadErrors } from '../plugin-errors.js';
import { bundlePlugin } from './bundle-plugin.js';
import type { RunnerClientOptions } from './runner-client.js';
import { RunnerPool } from './runner-pool.js';
import type { CallKind, Envelope, IsolateLimits } from './runner-protocol.js';
import { TABLE_NAMESPACES } from '../host-function-table.js';

export interface ProcessSandboxOptions {
  config: Readonly<Config>;
  log: RunnerClientOptions['log'];
  /** Runs a host function for a call in flight (set once the host's services exist). */
  hostFunction(scope: CallScope, fn: string, args: unknown[]): Promise<HostResult<unknown>>;
  onRestart?(): void;
}

/** A function standing in for one that lives in the isolate, so the manifest validates the same way. */
const remote = () => {
  throw new Error('this function runs in the sandbox; call it through the plugin runtime');
};

function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let o = obj;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  o[parts.at(-1)!] = value;
}

/**
 * The sandboxed tier: every sandboxed plugin's code in its own isolate inside one of the runner
 * processes (runner-pool.ts: a runner's crash fails only its own plugins' calls).
 * Each call gets an unguessable call id; host functions the isolate invokes are resolved against
 * it (and the plugin that owns the isolate), so a plugin acts only for the tenant that called it.
 */
export class ProcessSandbox implements SandboxTier {
  readonly runners: RunnerPool;
  private readonly scopes = new Map<string, CallScope>();
  private readonly dead = new Map<string, string>();

  constructor(private readonly opts: ProcessSandboxOptions) {
    this.runners = new RunnerPool({
      size: opts.config.sandboxRunners ?? 4,
      log: opts.log,
      onHostCall: (key, callId, fn, args) => this.onHostCall(key, callId, fn, args),
      onIsolateDead: (key, reason) => {
        this.dead.set(key, reason);
        opts.log.warn({ plugin: key, reason }, 'plugin isolate stopped; it restarts on the next call');
      },
      onRestart: () => opts.onRestart?.(),
    });
  }

  static key(r: { id: string; version: string }): string {
    return `${r.id}@${r.version}`;
  }

  limits(def?: PluginDefinition): IsolateLimits {
    const c = this.opts.config;
    const memoryMb = Math.min(def?.limits?.memoryMb ?? 64, c.sandboxMemoryMb);
    return {
      memoryMb,
      cpuTimeoutMs: Math.min(def?.limits?.cpuTimeoutMs ?? 1000, c.sandboxCpuTimeoutMs),
      // A value being serialised exists twice in the isolate (the value and its JSON), then once
      // more on its way out: past an eighth of the heap, that can end the isolate catastrophically.
      maxValueBytes: Math.min(c.sandboxMaxValueBytes ?? 1048576, Math.floor((memoryMb * 1024 * 1024) / 8)),
      namespaces: TABLE_NAMESPACES,
    };
  }

  async load(source: PluginSource): Promise<{ def: PluginDefinition; code: string; sha256: string }> {
    let bundle;
    try {
      bundle = await bundlePlugin(source.entry!);
    } catch (err) {
      throw PluginLoadErrors.manifestInvalid(
        source.name,
        `plugin ${source.name}: its code could not be bundled for the sandbox: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`,
      );
    }
    return this.loadCode(source.name, bundle.code, bundle.sha256);
  }

  /** Registers already-bundled code (the testing kit and benchmarks use it directly). */
  async loadCode(name: string, code: string, sha256: string): Promise<{ def: PluginDefinition; code: string; sha256: string }> {
    const probeKey = `probe:${sha256.slice(0, 16)}`;
    const probe = await this.runners.register(probeKey, name, name, code, this.limits());
    this.runners.dispose(probeKey);
    const env = JSON.parse(probe.result) as Envelope<{ def: Record<string, unknown>; functions: string[] }>;
    if (!env.ok) throw PluginLoadErrors.manifestInvalid(name, `plugin ${name}: loading it in the sandbox failed: ${env.error.message}`);
    const def = env.value.def;
    for (const p of env.value.functions) setPath(def, p, remote);
    const typed = def as unknown as PluginDefinition;
    if (typeof typed.id === 'string' && typeof typed.version === 'string') {
      await this.runners.register(ProcessSandbox.key(typed), name, typed.id, code, this.limits(typed));
    }
    return { def: typed, code, sha256 };
  }

  /** One call into a plugin's isolate, under the CPU timeout and the wall-clock deadline. */
  async call(
    record: PluginRecord,
    kind: CallKind,
    name: string,
    input: unknown,
    scope: Omit<CallScope, 'record'>,
    settings: Record<string, unknown>,
    timeoutMs?: number,
  ): Promise<Envelope> {
    const key = ProcessSandbox.key(record);
    const callId = randomBytes(16).toString('hex');
    this.scopes.set(callId, { ...scope, record });
    const c = this.opts.config;
    const deadline = Math.min(timeoutMs ?? c.sandboxCallDeadlineMs, c.sandboxCallDeadlineMs);
    try {
      const ctx = JSON.stringify({ callId, tenantId: scope.tenantId, settings });
      const out = JSON.parse(
        await this.runners.call(key, kind, name, JSON.stringify(input ?? null), ctx, deadline, this.limits(record.def).cpuTimeoutMs),
      ) as Envelope;
      if (out.ok || !['plugin_crashed', 'plugin_timeout'].includes(out.error.code)) this.dead.delete(key);
      return out;
    } finally {
      this.scopes.delete(callId);
    }
  }

  private async onHostCall(key: string, callId: string, fn: string, args: string): Promise<string> {
    const scope = this.scopes.get(callId);
    if (!scope && callId === '' && fn === 'log') return this.consoleLog(key, args);
    if (!scope || ProcessSandbox.key(scope.record) !== key) {
      return JSON.stringify({
        ok: false,
        error: { code: 'no_call_in_flight', message: 'host functions are available only during a call', retryable: false },
      });
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(args);
    } catch {
      return JSON.stringify({ ok: false, error: { code: 'invalid_argument', message: 'arguments are not JSON', retryable: false } });
    }
    return JSON.stringify(await this.opts.hostFunction(scope, fn, parsed as unknown[]));
  }

  /** `console.*` in plugin code: logged under the plugin, never failing the plugin. */
  private consoleLog(key: string, args: string): string {
    try {
      const [level, text] = JSON.parse(args) as [string, string];
      const lvl = level === 'error' ? 'error' : level === 'warn' ? 'warn' : 'info';
      this.opts.log[lvl]({ plugin: key, console: true }, String(text).slice(0, 2000));
    } catch {
      /* a malformed log line is dropped */
    }
    return JSON.stringify({ ok: true, value: null });
  }

  async health(record: PluginRecord): Promise<HealthResult> {
    const reason = this.dead.get(ProcessSandbox.key(record));
    return reason ? { ok: false, detail: `isolate stopped: ${reason}` } : { ok: true };
  }

  async heap(): Promise<{ pluginId: string; usedHeap: number }[]> {
    return this.runners.stats();
  }

  async stop(): Promise<void> {
    await this.runners.stop();
  }
}
