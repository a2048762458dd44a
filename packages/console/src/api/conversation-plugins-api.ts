import type { ApiClient } from './api-client.js';

/** One plugin enricher's answer for a conversation's contact (`GET /conversations/:id/context`). */
export interface PluginContextResult {
  pluginId: string;
  enricher: string;
  title: string;
  status: 'ok' | 'timeout' | 'breaker_open' | 'too_large' | 'failed';
  data?: unknown;
  reason?: string;
  ms: number;
}

/** An action a plugin offers in the conversation, with its input schema and prefilled values. */
export interface OfferedPluginAction {
  pluginId: string;
  pluginTitle: string;
  action: string;
  title: string;
  description?: string;
  label: string;
  input: Record<string, unknown>;
  prefill: Record<string, string>;
}

const enc = encodeURIComponent;

/** Where agents meet plugins: the contact's context, and the actions plugins offer in a conversation. */
export function conversationPluginsApi(api: ApiClient) {
  return {
    async context(conversationId: string): Promise<PluginContextResult[]> {
      return ((await api.get(`/conversations/${enc(conversationId)}/context`)) as { results: PluginContextResult[] }).results;
    },
    async actions(conversationId: string): Promise<OfferedPluginAction[]> {
      return ((await api.get(`/conversations/${enc(conversationId)}/plugin-actions`)) as { actions: OfferedPluginAction[] }).actions;
    },
    async run(conversationId: string, a: Pick<OfferedPluginAction, 'pluginId' | 'action'>, input: unknown): Promise<{ output: unknown }> {
      return (await api.post(`/conversations/${enc(conversationId)}/plugin-actions/${enc(a.pluginId)}/${enc(a.action)}`, { input })) as {
        output: unknown;
      };
    },
  };
}
