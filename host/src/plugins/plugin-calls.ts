import type { ValidateFunction } from 'ajv';
import { BaconError, isBaconError, readableFieldErrors, type CapabilityName } from '@bacon/sdk';
import { createAjv } from '../http/ajv.js';
import { HostErrors } from '../http/errors.js';
import type { PluginRecord } from './plugin-record.js';
import type { PluginMetrics } from './plugin-metrics.js';
import type { Breakers } from './breakers.js';
import type { HostFunction } from './host-functions.js';
import type { InstallCache } from './install-cache.js';
import type { ProcessSandbox } from './sandbox/process-sandbox.js';
import { CHANNEL_METHODS, type CallKind, type Envelope } from './sandbox/runner-protocol.js';
import { createActionContext } from './action-context.js';
import { PluginErrors } from './plugin-errors.js';
import type { EventBus } from '../bus/index.js';
import type { DurableEvent, PluginEventLog, WebhookRequest } from '@bacon/sdk';
import type { Knex } from 'knex';

export interface PluginCallsDeps {
  /** Finds a loaded plugin by id (the plugin runtime). */
  runtime: { get(id: string): PluginRecord | undefined };
  metrics: PluginMetrics;
  breakers: Breakers;
  hostFunction: HostFunction;
  installs: InstallCache;
  sandbox?: ProcessSandbox;
  bus: EventBus;
  /** The durable log trigger payloads are appended to (rules and other consumers act on them). */
  events?: { knex: Knex; log: Pick<PluginEventLog, 'append'> };
}

/** Kinds that act for a tenant and so need the plugin enabled there. */
const NEEDS_ENABLED: ReadonlySet<CallKind> = new Set(['action', 'trigger', 'enricher', 'channel']);

function target(
  r: PluginRecord,
  kind: CallKind,
  name: string,
): { fn?: (...a: unknown[]) => unknown; input?: object; output?: object; timeoutMs?: number } | undefined {
  const d = r.def;
  switch (kind) {
    case 'action': {
      const a = d.actions?.[name];
      return a && { fn: a.run as never, input: a.input, output: a.output, timeoutMs: a.timeoutMs };
    }
    case 'trigger': {
      const t = d.triggers?.[name];
      if (t?.source === 'event') return t.onEvent ? { fn: t.onEvent as never } : undefined;
      return t?.receive && t.source === 'webhook' ? { fn: t.receive as never } : undefined;
    }
    case 'enricher':
      return d.enrichers?.[name] && { fn: d.enrichers[name]!.run as never };
    case 'channel': {
      const f = CHANNEL_METHODS.includes(name) ? (d.channel as unknown as Record<string, unknown> | undefined)?.[name] : undefined;
      return typeof f === 'function' ? { fn: f as never } : undefined;
    }
    default:
      return d[kind] ? { fn: d[kind] as never } : undefined;
  }
}

/**
 * Statuses a plugin's SDK error may answer the caller with. A 401 is left out on purpose: the
 * provider refused the plugin's credentials, which is not the caller's session ending (the console
 * would sign the admin out); it answers 502 with the plugin's code.
 */
const PLUGIN_STATUSES = new Set([400, 403, 404, 409, 422, 429, 503]);

function fromEnvelope(e: Extract<Envelope, { ok: false }>['error'] & { status?: number; details?: unknown }): BaconError {
  const fallback = e.code === 'plugin_timeout' ? 504 : e.code === 'plugin_crashed' ? 503 : 502;
  const status = e.status !== undefined && PLUGIN_STATUSES.has(e.status) ? e.status : fallback;
  const code = typeof e.code === 'string' && /^[a-z][a-z0-9_]{0,63}$/.test(e.code) ? e.code : 'plugin_error';
  return new BaconError({ code, message: e.message, status, details: e.details, retryable: e.retryable });
}

/**
 * Calls into plugins, for both tiers: checks the plugin runs (and is enabled for the tenant),
 * validates input and output against the action's schemas, goes through the `plugin:action`
 * breaker, and records duration, failures and timeouts.
 */
export class PluginCalls {
  private readonly ajv = createAjv({ coerceTypes: false, useDefaults: true });
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(private readonly deps: PluginCallsDeps) {}

  private validator(key: string, schema: object): ValidateFunction {
    let v = this.validators.get(key);
    if (!v) this.validators.set(key, (v = this.ajv.compile(schema)));
    return v;
  }

  /** `opts.grants`: run with these grants instead of the stored ones (an admin's connection test before enabling). */
  async invoke(
    pluginId: string,
    kind: CallKind,
    name: string,
    input: unknown,
    tenantId: string,
    opts: { grants?: CapabilityName[] } = {},
  ): Promise<unknown> {
    const r = this.deps.runtime.get(pluginId);
    if (!r) throw PluginErrors.notFound({ pluginId });
    if (r.state !== 'running') throw PluginErrors.notRunning({ pluginId, detail: r.error });
    const t = target(r, kind, name);
    if (!t) {
      if (kind === 'action') throw PluginErrors.actionNotFound({ pluginId, action: name });
      if (kind === 'trigger') throw PluginErrors.triggerNotFound({ pluginId, trigger: name });
      return undefined;
    }
    if (t.input) {
      const v = this.validator(`${r.id}@${r.version}:in:${name}`, t.input);
      if (!v(input)) throw HostErrors.validationFailed({ in: 'input', errors: readableFieldErrors('input', v.errors ?? [], t.input) });
    }
    const { install, settings } = await this.deps.installs.get(r.def, tenantId);
    const requested = new Set((r.def.capabilities ?? []).map((c) => c.name));
    let grants: Set<CapabilityName>;
    if (r.tier === 'trusted') grants = requested;
    else {
      if (NEEDS_ENABLED.has(kind) && !install?.enabled) throw PluginErrors.notEnabled({ pluginId, tenantId });
      grants = new Set((opts.grants ?? (install?.enabled ? install.grants : [])).filter((g) => requested.has(g)));
    }
    const breaker = kind === 'action' ? `${r.id}:${name}` : `${r.id}:${kind}${name ? `:${name}` : ''}`;
    const labels = { plugin: r.id, kind, name: name || kind };
    const end = this.deps.metrics.callDuration.startTimer(labels);
    try {
      const value = await this.deps.breakers.fire(breaker, r.id, () => this.exec(r, kind, name, input, { tenantId, grants }, settings, t));
      if (t.output) {
        const v = this.validator(`${r.id}@${r.version}:out:${name}`, t.output);
        if (!v(value)) throw PluginErrors.outputInvalid({ errors: readableFieldErrors('output', v.errors ?? [], t.output) });
      }
      end({ outcome: 'ok' });
      return value;
    } catch (err) {
      const e =
        (err as { code?: string }).code === 'EOPENBREAKER'
          ? PluginErrors.breakerOpen({ pluginId, breaker })
          : isBaconError(err)
            ? err
            : PluginErrors.failed({ pluginId }, `The plugin failed: ${(err as Error).message}`);
      end({ outcome: e.code === 'plugin_timeout' ? 'timeout' : 'error' });
      this.deps.metrics.failures.inc({ ...labels, code: e.code });
      if (e.code === 'plugin_timeout') this.deps.metrics.timeouts.inc(labels);
      throw e;
    }
  }

  /**
   * A webhook (or, for `event` triggers, a host event) for a trigger: the plugin turns it into
   * payloads (or refuses it), each is validated against the trigger's schema, appended to the durable
   * log and published on the bus as `trigger.<plugin>.<name>` (keyed by `conversationId` when the
   * payload names one).
   */
  async fireTrigger(pluginId: string, name: string, request: WebhookRequest | DurableEvent, tenantId: string): Promise<number> {
    const out = await this.invoke(pluginId, 'trigger', name, request, tenantId);
    const payloads = out === null || out === undefined ? [] : Array.isArray(out) ? out : [out];
    const r = this.deps.runtime.get(pluginId)!;
    const v = this.validator(`${r.id}@${r.version}:trigger:${name}`, r.def.triggers![name]!.payload);
    for (const p of payloads) {
      if (!v(p))
        throw PluginErrors.outputInvalid({ errors: readableFieldErrors('payload', v.errors ?? [], r.def.triggers![name]!.payload) });
    }
    const topic = `trigger.${pluginId}.${name}`;
    const keyOf = (p: unknown) =>
      p && typeof (p as { conversationId?: unknown }).conversationId === 'string' ? (p as { conversationId: string }).conversationId : null;
    if (this.deps.events && payloads.length)
      await this.deps.events.log.append(
        this.deps.events.knex,
        payloads.map((payload) => ({ topic, tenantId, key: keyOf(payload), seq: null, payload })),
      );
    for (const payload of payloads) await this.deps.bus.publish({ topic, tenantId, payload });
    return payloads.length;
  }

  private async exec(
    r: PluginRecord,
    kind: CallKind,
    name: string,
    input: unknown,
    scope: { tenantId: string; grants: Set<CapabilityName> },
    settings: Record<string, unknown>,
    t: NonNullable<ReturnType<typeof target>>,
  ): Promise<unknown> {
    if (r.tier === 'sandboxed') {
      if (!this.deps.sandbox) throw PluginErrors.notRunning({ pluginId: r.id });
      const out = await this.deps.sandbox.call(r, kind, name, input, scope, settings, t.timeoutMs);
      if (!out.ok) throw fromEnvelope(out.error);
      return out.value;
    }
    const ctx = createActionContext({ ...scope, record: r }, settings, this.deps.hostFunction);
    const limit = t.timeoutMs ?? r.def.limits?.cpuTimeoutMs ?? 30000;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        Promise.resolve().then(() => (['action', 'trigger', 'enricher', 'channel'].includes(kind) ? t.fn!(input, ctx) : t.fn!(ctx))),
        new Promise((_, reject) => (timer = setTimeout(() => reject(PluginErrors.timeout({ pluginId: r.id, timeoutMs: limit })), limit))),
      ]);
    } catch (err) {
      if (isBaconError(err)) throw err;
      throw PluginErrors.failed({ pluginId: r.id }, `The plugin failed: ${(err as Error)?.message ?? String(err)}`);
    } finally {
      clearTimeout(timer);
    }
  }
}
