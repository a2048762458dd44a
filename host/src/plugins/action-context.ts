import { BaconError, type ActionContext, type HostResult } from '@bacon/sdk';
import type { CallScope } from './call-scope.js';
import type { HostFunction } from './host-functions.js';
import { TABLE_NAMESPACES } from './host-function-table.js';

function unwrap<T>(r: HostResult<T>): T {
  if (r.ok) return r.value;
  throw new BaconError({ code: r.error.code, message: r.error.message, status: r.error.status ?? 400, retryable: r.error.retryable });
}

/**
 * The ActionContext of an in-process (trusted) call: the same host functions as the sandbox
 * bridge, unwrapped into values and BaconErrors, so a plugin behaves the same in both tiers.
 */
export function createActionContext(scope: CallScope, settings: Record<string, unknown>, host: HostFunction): ActionContext {
  const call = async <T>(fn: string, args: unknown[]) => unwrap((await host(scope, fn, args)) as HostResult<T>);
  const log = (level: string) => (obj: unknown, msg?: string) =>
    void host(scope, 'log', [level, typeof obj === 'string' ? obj : (msg ?? ''), typeof obj === 'object' ? obj : undefined]);
  // The table's namespaces (crypto, ...): one method per entry, each a call of that host function.
  const table = Object.fromEntries(
    Object.entries(TABLE_NAMESPACES).map(([ns, methods]) => [
      ns,
      Object.fromEntries(
        methods.map((m) => [
          m,
          (...args: unknown[]) =>
            call(
              `${ns}.${m}`,
              args.map((a) => a ?? null),
            ),
        ]),
      ),
    ]),
  ) as unknown as Pick<ActionContext, 'crypto' | 'clock'>;
  return {
    ...table,
    tenantId: scope.tenantId,
    settings,
    log: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') },
    http: {
      async fetch(url, init) {
        const r = await call<{ status: number; headers: Record<string, string>; body: string }>('http.fetch', [url, init ?? {}]);
        return { ...r, json: <J>() => JSON.parse(r.body) as J };
      },
    },
    kv: {
      get: async <T>(key: string) => {
        const r = await call<{ found: boolean; value?: T }>('kv.get', [key]);
        return r.found ? r.value : undefined;
      },
      set: async (key, value) => void (await call('kv.set', [key, value])),
      delete: (key) => call<boolean>('kv.delete', [key]),
      list: (prefix) => call<string[]>('kv.list', [prefix ?? '']),
    },
    secrets: { get: async (name) => (await call<string | null>('secrets.get', [name])) ?? undefined },
    events: { emit: async (topic, payload) => void (await call('events.emit', [topic, payload ?? null])) },
  };
}
