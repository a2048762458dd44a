import type { EnrichmentInput, EnrichmentOptions, EnrichmentResult, PluginEnricherCalls } from '@bacon/sdk';
import type { PluginCalls } from './plugin-calls.js';
import type { PluginRecord } from './plugin-record.js';
import type { InstallCache } from './install-cache.js';

const DEFAULT_BUDGET_MS = 1500;
const DEFAULT_MAX_BYTES = 16 * 1024;

interface Target {
  r: PluginRecord;
  name: string;
  title: string;
}

/** One line an agent can read, without the stack or the plugin's internals. */
function reasonOf(err: unknown): { status: EnrichmentResult['status']; reason: string } {
  const code = (err as { code?: string })?.code;
  const message = String((err as Error)?.message ?? err)
    .split('\n')[0]!
    .slice(0, 200);
  if (code === 'plugin_unavailable') return { status: 'breaker_open', reason: 'Skipped: the plugin failed too often lately.' };
  if (code === 'plugin_timeout') return { status: 'timeout', reason: message };
  return { status: 'failed', reason: message };
}

/**
 * The `pluginEnrichers` host service: each running plugin's enrichers, for the tenants that may use
 * them (a trusted plugin always; a sandboxed one once the tenant enabled it), called in parallel
 * through PluginCalls (breaker, grants, metrics), each raced against the budget.
 */
export function pluginEnrichers(runtime: { records: PluginRecord[] }, calls: PluginCalls, installs: InstallCache): PluginEnricherCalls {
  async function targets(tenantId: string, only?: string[]): Promise<Target[]> {
    const out: Target[] = [];
    for (const r of runtime.records) {
      if (r.state !== 'running' || !r.def.enrichers || (only && !only.includes(r.id))) continue;
      if (r.tier === 'sandboxed' && !(await installs.get(r.def, tenantId)).install?.enabled) continue;
      for (const [name, e] of Object.entries(r.def.enrichers)) out.push({ r, name, title: e?.title ?? `${r.id}: ${name}` });
    }
    return out.sort((a, b) => (a.r.id === b.r.id ? a.name.localeCompare(b.name) : a.r.id.localeCompare(b.r.id)));
  }

  async function one(t: Target, tenantId: string, input: EnrichmentInput, budgetMs: number, maxBytes: number): Promise<EnrichmentResult> {
    const base = { pluginId: t.r.id, enricher: t.name, title: t.title };
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), budgetMs)));
    try {
      const call = calls.invoke(t.r.id, 'enricher', t.name, { ...input, tenantId }, tenantId);
      call.catch(() => undefined); // a call past the budget may still fail later: already reported as a timeout
      const value = await Promise.race([call, late]);
      if (value === 'late') return { ...base, status: 'timeout', reason: `No answer within ${budgetMs} ms.`, ms: ms() };
      const size = Buffer.byteLength(JSON.stringify(value ?? null));
      if (size > maxBytes) return { ...base, status: 'too_large', reason: `The answer was ${size} bytes, over ${maxBytes}.`, ms: ms() };
      return { ...base, status: 'ok', data: value ?? null, ms: ms() };
    } catch (err) {
      return { ...base, ...reasonOf(err), ms: ms() };
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    async collect(tenantId, input, opts: EnrichmentOptions = {}) {
      const budgetMs = opts.budgetMs ?? DEFAULT_BUDGET_MS;
      const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
      const list = await targets(tenantId, opts.plugins);
      return Promise.all(list.map((t) => one(t, tenantId, input, budgetMs, maxBytes)));
    },
  };
}
