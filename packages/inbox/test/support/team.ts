import { createTestTenant, createTestUser, type TestHost, type TestUser } from '@bacon/host/testing';

export interface Team {
  tenantId: string;
  admin: TestUser;
  agents: TestUser[];
}

/** A fresh tenant with one admin and `agents` agents. */
export async function createTeam(host: TestHost, agents = 2): Promise<Team> {
  const { id: tenantId } = await createTestTenant(host);
  const admin = await createTestUser(host, { role: 'admin', tenantId, name: 'Ada Admin' });
  const list: TestUser[] = [];
  for (let i = 0; i < agents; i++) list.push(await createTestUser(host, { role: 'agent', tenantId, name: `Agent ${i + 1}` }));
  return { tenantId, admin, agents: list };
}
