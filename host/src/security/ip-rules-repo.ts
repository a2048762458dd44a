import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

export interface IpRuleRow {
  id: string;
  tenant_id: string;
  cidr: string;
  action: 'allow' | 'block';
  note: string;
  created_at: Date;
}

export interface PublicIpRule {
  id: string;
  cidr: string;
  action: 'allow' | 'block';
  note: string;
  createdAt: string;
}

export const toPublicIpRule = (r: IpRuleRow): PublicIpRule => ({
  id: r.id,
  cidr: r.cidr,
  action: r.action,
  note: r.note,
  createdAt: new Date(r.created_at).toISOString(),
});

export async function listIpRules(knex: Knex, tenantId: string): Promise<IpRuleRow[]> {
  return (await knex('ip_rules').where({ tenant_id: tenantId }).orderBy('created_at', 'asc').orderBy('id', 'asc')) as IpRuleRow[];
}

export async function getIpRule(knex: Knex, tenantId: string, id: string): Promise<IpRuleRow | undefined> {
  return (await knex('ip_rules').where({ tenant_id: tenantId, id }).first()) as IpRuleRow | undefined;
}

export async function insertIpRule(
  knex: Knex,
  r: { tenantId: string; cidr: string; action: 'allow' | 'block'; note: string },
): Promise<IpRuleRow> {
  const [row] = (await knex('ip_rules')
    .insert({ id: randomUUID(), tenant_id: r.tenantId, cidr: r.cidr, action: r.action, note: r.note })
    .returning('*')) as IpRuleRow[];
  return row!;
}

export async function updateIpRule(
  knex: Knex,
  tenantId: string,
  id: string,
  patch: Partial<Pick<IpRuleRow, 'cidr' | 'action' | 'note'>>,
): Promise<IpRuleRow | undefined> {
  const [row] = (await knex('ip_rules').where({ tenant_id: tenantId, id }).update(patch).returning('*')) as IpRuleRow[];
  return row;
}

export async function deleteIpRule(knex: Knex, tenantId: string, id: string): Promise<boolean> {
  return (await knex('ip_rules').where({ tenant_id: tenantId, id }).delete()) > 0;
}
