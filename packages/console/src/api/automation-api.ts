import type { ApiClient } from './api-client.js';

/**
 * The console's reading of automation's admin API (`/automation-rules`, `/automation-flows`,
 * `/automation-presets`; docs/automation.md). The definitions stay plain JSON here: the server's
 * schema validates them, and its field errors come back on the form.
 */
export interface RuleDefinitionJson {
  triggers: Record<string, unknown>[];
  conditions?: { match: 'all' | 'any'; items: { field: string; op: string; value?: string | number | boolean }[] };
  actions: Record<string, unknown>[];
  debounceSeconds?: number;
  maxPerHour?: number;
  businessHours?: unknown;
}

export interface RuleView {
  id: string;
  name: string;
  enabled: boolean;
  version: number;
  definition: RuleDefinitionJson;
  createdAt: string;
  updatedAt: string;
}

export interface EvaluationView {
  id: string;
  ruleVersion: number;
  eventId: string;
  trigger: string;
  conversationId: string | null;
  traceId: string;
  status: 'running' | 'done' | 'failed';
  actions: { index: number; type: string; ok: boolean; error?: string }[];
  error: string | null;
  startedAt: string;
}

export interface DryRunView {
  triggers: { type: string; matched: boolean }[];
  conditions: { field: string; op: string; matched: boolean }[];
  conditionsMatched: boolean;
  wouldFire: boolean;
  actions: Record<string, unknown>[];
}

export interface FlowView {
  id: string;
  name: string;
  enabled: boolean;
  version: number;
  definition: { steps: { id: string; type: string }[] };
  updatedAt: string;
}

export interface FlowRunView {
  id: string;
  conversationId: string;
  flowVersion: number;
  status: string;
  currentStep: string;
  steps: { id: string; type: string; ok: boolean; ms: number; at: string; outcome?: string; error?: string }[];
  error: string | null;
  startedAt: string;
}

export interface PresetView {
  id: string;
  title: string;
  description: string;
  params: { properties: Record<string, { type: string; title: string; default: unknown }> };
  available: boolean;
  missingActions: string[];
}

const items = <T>(r: { items: T[] }) => r.items;
const enc = encodeURIComponent;

export function automationApi(api: ApiClient) {
  return {
    listRules: () => api.get<{ items: RuleView[] }>('/automation-rules').then(items),
    createRule: (body: { name: string; enabled?: boolean; definition: RuleDefinitionJson }) =>
      api.post<RuleView>('/automation-rules', body),
    updateRule: (id: string, body: Partial<{ name: string; enabled: boolean; definition: RuleDefinitionJson }>) =>
      api.patch<RuleView>(`/automation-rules/${enc(id)}`, body),
    deleteRule: (id: string) => api.request<void>('DELETE', `/automation-rules/${enc(id)}`),
    evaluations: (id: string) =>
      api.get<{ items: EvaluationView[] }>(`/automation-rules/${enc(id)}/evaluations`, { limit: 50 }).then(items),
    dryRun: (id: string, conversationId: string) => api.post<DryRunView>(`/automation-rules/${enc(id)}/dry-run`, { conversationId }),
    listFlows: () => api.get<{ items: FlowView[] }>('/automation-flows').then(items),
    flowRuns: (id: string) => api.get<{ items: FlowRunView[] }>(`/automation-flows/${enc(id)}/runs`, { limit: 20 }).then(items),
    listPresets: () => api.get<{ items: PresetView[] }>('/automation-presets').then(items),
    installPreset: (id: string, body: { name?: string; params: Record<string, unknown> }) =>
      api.post<RuleView>(`/automation-presets/${enc(id)}/install`, body),
  };
}

export type AutomationApi = ReturnType<typeof automationApi>;
