import type { Knex } from 'knex';
import type { BaconError, HostResult } from '@bacon/sdk';
import type { EventBus } from '../bus/index.js';
import { topicMatcher } from '../bus/index.js';
import type { Logger } from '../logs/logger.js';
import type { Config } from '../config/index.js';
import type { CallScope } from './call-scope.js';
import { FUNCTION_CAPABILITY } from './function-capabilities.js';
import { kvStore } from './sandbox/kv-store.js';
import { guardedFetch, type LookupAll } from './sandbox/fetch-guard.js';
import { secretFor, secretFields } from './plugin-settings.js';
import type { SecretBox } from './secret-box.js';
import type { Breakers } from './breakers.js';
import { PluginErrors, SandboxErrors } from './plugin-errors.js';
import { guardInput } from '../http/input-guard.js';
import { HOST_FUNCTION_TABLE } from './host-function-table.js';
import { HOST_PATTERN } from './manifest-schema.js';
import type { HostFunctionHost } from './host-function-entry.js';

export interface HostFunctionDeps {
  knex: Knex;
  bus: EventBus;
  log: Logger;
  box: SecretBox;
  config: Readonly<Config>;
  breakers: Breakers;
  lookup?: LookupAll;
  /** The tenant's merged settings of a plugin (for `http.hostsSetting`); absent: manifest hosts only. */
  tenantSettings?: (scope: CallScope) => Promise<Record<string, unknown>>;
  /** `install.disable`: turns the plugin off for the tenant with a reason (absent: the call fails). */
  disableInstall?: HostFunctionHost['disableInstall'];
}

export type HostFunction = (scope: CallScope, fn: string, args: unknown[]) => Promise<HostResult<unknown>>;

const fail = (err: unknown): HostResult<never> => {
  const e = err as Partial<BaconError> & { message?: string };
  if (e && typeof e.code === 'string' && (e as BaconError).isBaconError)
    return { ok: false, error: { code: e.code, message: e.message ?? e.code, retryable: !!e.retryable, status: e.status } };
  if ((e as { code?: string })?.code === 'EOPENBREAKER')
    return fail(SandboxErrors.hostUnavailable(undefined, 'http.fetch: calls to this host are paused after repeated failures'));
  return fail(SandboxErrors.hostError(undefined, 'the host could not complete the call'));
};

/** Host functions whose arguments end up in storage (jsonb), checked like request bodies. */
const STORING = new Set(['kv.set', 'events.emit']);

const invalid = (message: string) => SandboxErrors.invalidArgument(undefined, message);

/**
 * The host functions behind the sandbox bridge (and behind trusted plugins' ActionContext). Each
 * checks that the calling tenant granted the capability, validates its arguments, and answers an
 * envelope: it never throws.
 */
export function createHostFunctions(deps: HostFunctionDeps): HostFunction {
  const quota = (scope: CallScope) => {
    const asked = scope.record.def.capabilities?.find((c) => c.name === 'kv')?.quotaBytes;
    return Math.min(asked ?? deps.config.pluginKvQuotaBytes, deps.config.pluginKvQuotaBytes);
  };
  const hostEntry = new RegExp(HOST_PATTERN);
  /** The manifest's hosts, plus those this tenant's admin put in the settings field the manifest names. */
  const httpAllowList = async (s: CallScope): Promise<string[]> => {
    const cap = s.record.def.capabilities?.find((c) => c.name === 'http');
    const hosts = cap?.hosts ?? [];
    if (!cap?.hostsSetting || !deps.tenantSettings) return hosts;
    const extra = (await deps.tenantSettings(s))[cap.hostsSetting];
    return Array.isArray(extra) ? [...hosts, ...extra.filter((h): h is string => typeof h === 'string' && hostEntry.test(h))] : hosts;
  };
  const tableHost: HostFunctionHost = {
    disableInstall: (scope, reason) =>
      deps.disableInstall
        ? deps.disableInstall(scope, reason)
        : Promise.reject(SandboxErrors.hostError(undefined, 'install.disable: not available')),
  };
  const impl: Record<string, (scope: CallScope, args: unknown[]) => Promise<unknown>> = {
    'kv.get': (s, [key]) => kvStore.get(deps.knex, { tenantId: s.tenantId, pluginId: s.record.id }, key),
    'kv.set': (s, [key, value]) => kvStore.set(deps.knex, { tenantId: s.tenantId, pluginId: s.record.id }, key, value, quota(s)),
    'kv.delete': (s, [key]) => kvStore.delete(deps.knex, { tenantId: s.tenantId, pluginId: s.record.id }, key),
    'kv.list': (s, [prefix]) => kvStore.list(deps.knex, { tenantId: s.tenantId, pluginId: s.record.id }, prefix ?? ''),
    async 'secrets.get'(s, [name]) {
      if (typeof name !== 'string' || !secretFields(s.record.def.settings?.schema).includes(name)) {
        throw SandboxErrors.secretNotDeclared(undefined, `secrets.get: "${String(name)}" is not a secret field of this plugin's settings`);
      }
      return (await secretFor(deps.knex, deps.box, s.record.id, s.tenantId, name)) ?? null;
    },
    async 'events.emit'(s, [topic, payload]) {
      if (typeof topic !== 'string' || !topic) throw invalid('events.emit: the topic is a non-empty string');
      const allowed = s.record.def.capabilities?.find((c) => c.name === 'events')?.emit ?? [];
      if (!allowed.some((p) => topicMatcher(p)(topic)))
        throw SandboxErrors.topicNotAllowed(undefined, `events.emit: "${topic}" matches none of the plugin's emit patterns`);
      await deps.bus.publish({
        topic,
        tenantId: s.tenantId,
        payload: { ...(payload && typeof payload === 'object' ? payload : { value: payload }), plugin: s.record.id },
      });
      return null;
    },
    async 'http.fetch'(s, [url, init]) {
      if (typeof url !== 'string') throw invalid('http.fetch: the URL is a string');
      const i = (init ?? {}) as { method?: string; headers?: Record<string, string>; body?: string; timeoutMs?: number };
      if (i.body !== undefined && typeof i.body !== 'string') throw invalid('http.fetch: the body is a string');
      const allowHosts = await httpAllowList(s);
      const host = (() => {
        try {
          return new URL(url).hostname;
        } catch {
          return 'invalid';
        }
      })();
      const call = () =>
        guardedFetch(
          { url, method: i.method, headers: i.headers, body: i.body, timeoutMs: i.timeoutMs },
          {
            allowHosts,
            allowPrivate: deps.config.sandboxAllowPrivateNetwork,
            maxBytes: deps.config.sandboxFetchMaxBytes,
            timeoutMs: deps.config.sandboxFetchTimeoutMs,
            lookup: deps.lookup,
          },
        ).then((res) => {
          if (res.status >= 500) throw Object.assign(new Error('upstream 5xx'), { response: res });
          return res;
        });
      try {
        return await deps.breakers.fire(`${s.record.id}:${host}`, s.record.id, call);
      } catch (err) {
        const res = (err as { response?: unknown }).response;
        if (res) return res;
        throw err;
      }
    },
    async log(s, [level, msg, obj]) {
      const lvl = ['debug', 'info', 'warn', 'error'].includes(level as string) ? (level as 'info') : 'info';
      deps.log.child({ plugin: s.record.id, tenantId: s.tenantId })[lvl]({ data: obj ?? undefined }, String(msg ?? '').slice(0, 2000));
      return null;
    },
    ...Object.fromEntries(HOST_FUNCTION_TABLE.map((e) => [e.name, async (s: CallScope, args: unknown[]) => e.run(s, args, tableHost)])),
  };
  return async (scope, fn, args) => {
    try {
      const f = impl[fn];
      if (!f || !(fn in FUNCTION_CAPABILITY)) throw SandboxErrors.unknownFunction(undefined, `no host function ${fn}`);
      if (!Array.isArray(args)) throw invalid(`${fn}: arguments must be a list`);
      const cap = FUNCTION_CAPABILITY[fn];
      if (cap && !scope.grants.has(cap))
        throw PluginErrors.capabilityNotGranted(
          { capability: cap },
          `${fn}: the "${cap}" capability was not granted to ${scope.record.id} for this tenant`,
        );
      // What a plugin hands the host to keep meets the same boundary as a request body.
      if (STORING.has(fn)) guardInput(fn, args);
      return { ok: true, value: await f(scope, args) };
    } catch (err) {
      if (!(err as BaconError).isBaconError && (err as { code?: string }).code !== 'EOPENBREAKER')
        deps.log.error({ err, plugin: scope.record.id, fn }, 'host function failed');
      return fail(err);
    }
  };
}
