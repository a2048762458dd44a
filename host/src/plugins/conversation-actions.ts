import type { ConversationAction, ConversationActionDef } from '@bacon/sdk';
import type { PluginRecord } from './plugin-record.js';
import type { InstallCache } from './install-cache.js';

/**
 * The actions running plugins offer in conversations (`ActionDef.conversation`), for one tenant: a
 * trusted plugin's always, a sandboxed plugin's once the tenant enabled it. Stable order: plugin id, action.
 */
export async function conversationActions(
  runtime: { records: PluginRecord[] },
  installs: InstallCache,
  tenantId: string,
): Promise<ConversationAction[]> {
  const out: ConversationAction[] = [];
  for (const r of runtime.records) {
    if (r.state !== 'running' || !r.def.actions) continue;
    const offered = Object.entries(r.def.actions).filter(([, a]) => a?.conversation?.label);
    if (!offered.length) continue;
    if (r.tier === 'sandboxed' && !(await installs.get(r.def, tenantId)).install?.enabled) continue;
    for (const [name, a] of offered)
      out.push({
        pluginId: r.id,
        pluginTitle: r.def.title ?? r.id,
        action: name,
        title: a.title ?? name,
        ...(a.description ? { description: a.description } : {}),
        input: a.input,
        conversation: a.conversation as ConversationActionDef,
      });
  }
  return out.sort((a, b) => (a.pluginId === b.pluginId ? a.action.localeCompare(b.action) : a.pluginId.localeCompare(b.pluginId)));
}
