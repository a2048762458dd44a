import ivm from 'isolated-vm';
import { createHash } from 'node:crypto';
import { ISOLATE_BOOTSTRAP } from './isolate-bootstrap.js';
import { envelope, type IsolateLimits } from './runner-protocol.js';

/** Compiled scripts' V8 code cache, by id@version+sha256 of the code. */
const codeCache = new Map<string, ivm.ExternalCopy<ArrayBuffer>>();

export type HostCallback = (callId: string, fn: string, args: string) => Promise<string>;

/**
 * One plugin version's isolate (runs in the runner process): a memory-limited V8 isolate with one
 * context holding the bootstrap and the plugin script. `dispatch` is the only reference kept.
 */
export class PluginIsolate {
  private constructor(
    readonly key: string,
    readonly isolate: ivm.Isolate,
    private readonly context: ivm.Context,
    private readonly dispatch: ivm.Reference<(kind: string, name: string, input: string, ctx: string) => Promise<string>>,
  ) {}

  /** Creates the isolate and runs the plugin's top level under the CPU timeout; answers the register envelope. */
  static async create(
    key: string,
    code: string,
    limits: IsolateLimits,
    host: HostCallback,
    onCatastrophic: (msg: string) => void,
  ): Promise<{ isolate: PluginIsolate; registered: string }> {
    const isolate = new ivm.Isolate({ memoryLimit: limits.memoryMb, onCatastrophicError: onCatastrophic });
    try {
      const context = await isolate.createContext();
      // A reference to an async host function; the bootstrap calls it with copied strings and
      // awaits a copied string. The promise never rejects (isolated-vm #417).
      const callback = new ivm.Reference((callId: string, fn: string, args: string) =>
        host(String(callId), String(fn), String(args)).catch(() => envelope.fail('host_error', 'host function failed', true)),
      );
      const dispatch = (await context.evalClosure(
        ISOLATE_BOOTSTRAP,
        [callback, limits.maxValueBytes, JSON.stringify(limits.namespaces ?? {})],
        {
          result: { reference: true },
          timeout: limits.cpuTimeoutMs,
        },
      )) as ivm.Reference<never>;
      const cacheKey = `${key}+${createHash('sha256').update(code).digest('hex')}`;
      const cached = codeCache.get(cacheKey);
      const script = (await isolate.compileScript(code, {
        filename: `plugin:${key}`,
        ...(cached ? { cachedData: cached } : { produceCachedData: true }),
      })) as ivm.Script & ivm.CachedDataResult;
      if (!cached && script.cachedData) codeCache.set(cacheKey, script.cachedData);
      await script.run(context, { timeout: limits.cpuTimeoutMs });
      script.release();
      const self = new PluginIsolate(key, isolate, context, dispatch);
      const registered = await self.call('register', '', 'null', 'null', limits.cpuTimeoutMs);
      return { isolate: self, registered };
    } catch (err) {
      if (!isolate.isDisposed) isolate.dispose();
      throw err;
    }
  }

  /** Runs one dispatch; the CPU timeout covers its synchronous part, the runner's deadline the rest. */
  async call(kind: string, name: string, input: string, ctx: string, cpuTimeoutMs: number): Promise<string> {
    const out = await this.dispatch.apply(undefined, [kind, name, input, ctx], {
      timeout: cpuTimeoutMs,
      result: { promise: true, copy: true },
    });
    return typeof out === 'string' ? out : envelope.fail('plugin_error', 'the plugin answered with a non-serialisable value');
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  heap(): { usedHeap: number; totalHeap: number } {
    if (this.isolate.isDisposed) return { usedHeap: 0, totalHeap: 0 };
    const h = this.isolate.getHeapStatisticsSync();
    return { usedHeap: h.used_heap_size + h.externally_allocated_size, totalHeap: h.total_heap_size };
  }

  dispose(): void {
    try {
      this.dispatch.release();
      this.context.release();
    } catch {
      /* already gone */
    }
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }
}
