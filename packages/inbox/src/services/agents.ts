import { setAgentStatus as saveStatus } from '../repositories/agents.js';
import { tenantSettings } from './settings-cache.js';
import type { AgentStatus, AgentView } from '@bacon/inbox-contract';
import { agentLoads } from './capacity.js';
import { drainBacklog } from './assign-next.js';
import type { InboxDeps } from './deps.js';
import { requireAgent } from './require-agent.js';

/** Every user of the tenant who can hold conversations, with availability, capacity and load. */
export async function listAgents(deps: InboxDeps, tenantId: string): Promise<AgentView[]> {
  const users = (await deps.directory.listUsers(tenantId)).filter((u) => u.tenantId === tenantId).sort((a, b) => a.id.localeCompare(b.id));
  const loads = await agentLoads(
    deps.db,
    tenantId,
    users.map((u) => u.id),
  );
  return users.map((u) => ({ ...loads.get(u.id)!, name: u.name ?? null, email: u.email ?? null, role: u.role }));
}

/**
 * Sets an agent's availability or capacity. When the agent becomes available (or gets more room)
 * and the tenant runs auto mode, the unassigned backlog drains to the agents, longest waiting first.
 */
export async function setAgentStatus(
  deps: InboxDeps,
  tenantId: string,
  agentId: string,
  patch: { available?: boolean; capacity?: number | null },
  now: Date = new Date(),
): Promise<AgentStatus> {
  await requireAgent(deps, tenantId, agentId);
  const status = await saveStatus(deps.db, tenantId, agentId, patch, now);
  if (status.available) {
    const settings = await tenantSettings(deps, tenantId);
    if (settings.autoAssign) await drainBacklog(deps, tenantId).catch((err) => deps.log?.warn({ err }, 'inbox: auto-assignment failed'));
  }
  return status;
}
