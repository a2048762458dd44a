import type { ApiClient } from './api-client.js';
import { toPage } from './page.js';
import { splitSettings } from '../plugins/settings-form-model.js';
import { fetchBreakerStates } from './breaker-states.js';

export interface CapabilityRequest {
  name: string;
  reason?: string;
  hosts?: string[];
}

/** A plugin as `GET /plugins` shows it to this workspace. */
export interface PluginSummary {
  id: string;
  version: string;
  title?: string;
  description?: string;
  tier: 'trusted' | 'sandboxed';
  state: 'loaded' | 'running' | 'failed' | 'stopped';
  healthy: boolean;
  detail?: string;
  enabled: boolean;
  grants: string[];
  capabilities: CapabilityRequest[];
  actions?: string[];
  triggers?: string[];
  /** Circuit breakers (`plugin:action`, outbound host) with their state, when the host reports them. */
  breakers?: { name: string; state: string }[];
}

export interface PluginSettings {
  schema: Record<string, unknown> | null;
  uiSchema?: Record<string, unknown>;
  /** What the schema gives when nothing is set. */
  defaults: Record<string, unknown>;
  /** What this workspace sets differently. */
  overrides: Record<string, unknown>;
  /** Secret fields and whether each holds a value (the value itself never leaves the host). */
  secrets: Record<string, boolean>;
}

export interface TestResult {
  ok: boolean;
  detail?: string;
}

const enc = encodeURIComponent;

/** The plugin admin API (host/src/plugins): list, schema, settings, enable, disable, test-connection. */
export function pluginsApi(api: ApiClient) {
  async function settings(id: string): Promise<PluginSettings> {
    const [meta, current] = await Promise.all([
      api.get<{ settings?: { schema?: Record<string, unknown>; uiSchema?: Record<string, unknown> } }>(`/plugins/${enc(id)}/schema`),
      api.get<{ settings?: Record<string, unknown> }>(`/plugins/${enc(id)}/settings`),
    ]);
    const schema = meta.settings?.schema ?? null;
    const hasFields = !!schema && Object.keys((schema.properties ?? {}) as object).length > 0;
    if (!schema || !hasFields) return { schema: null, defaults: {}, overrides: {}, secrets: {} };
    return { schema, uiSchema: meta.settings?.uiSchema ?? {}, ...splitSettings(schema, current.settings ?? {}) };
  }
  return {
    async list(): Promise<PluginSummary[]> {
      const [body, breakers] = await Promise.all([api.get('/plugins'), fetchBreakerStates()]);
      return toPage<PluginSummary>(body, 'plugins').items.map((p) => ({
        ...p,
        breakers: p.breakers ?? (breakers ? (breakers[p.id] ?? []) : undefined),
      }));
    },
    async get(id: string): Promise<PluginSummary> {
      const [p, breakers] = await Promise.all([api.get<PluginSummary>(`/plugins/${enc(id)}`), fetchBreakerStates()]);
      return { ...p, breakers: p.breakers ?? (breakers ? (breakers[p.id] ?? []) : undefined) };
    },
    settings,
    /** Replaces this workspace's settings; answers with the new split. */
    async saveSettings(id: string, values: Record<string, unknown>): Promise<PluginSettings> {
      await api.put(`/plugins/${enc(id)}/settings`, values);
      return settings(id);
    },
    /** `residencyOverride`: an admin's reason to enable a plugin whose egress leaves the EU on an EU-only workspace (audited). */
    enable(id: string, grants: string[], residencyOverride?: { reason: string }): Promise<unknown> {
      return api.post(`/plugins/${enc(id)}/enable`, residencyOverride ? { grants, residencyOverride } : { grants });
    },
    disable(id: string): Promise<unknown> {
      return api.post(`/plugins/${enc(id)}/disable`);
    },
    testConnection(id: string): Promise<TestResult> {
      return api.post<TestResult>(`/plugins/${enc(id)}/test-connection`);
    },
  };
}

export type PluginsApi = ReturnType<typeof pluginsApi>;
