import type { Knex } from 'knex';
import { readAgentLoads } from '../repositories/agents.js';
import type { AgentLoad } from '@bacon/inbox-contract';

/** Availability, effective capacity and current load of each agent, read inside the assignment lock. */
export async function agentLoads(trx: Knex, tenantId: string, agentIds: string[]): Promise<Map<string, AgentLoad>> {
  return (await readAgentLoads(trx, tenantId, agentIds)).loads;
}

export function hasRoom(a: AgentLoad): boolean {
  return a.capacity === null || a.load < a.capacity;
}
