import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { RuleDefinition } from '../rule-schema.js';
import { AutomationErrors } from '../errors.js';
import { checkDefinition } from './check-definition.js';

export interface Rule {
  id: string;
  tenantId: string;
  name: string;
  enabled: boolean;
  version: number;
  definition: RuleDefinition;
  createdAt: string;
  updatedAt: string;
}

interface RuleRow {
  id: string;
  tenant_id: string;
  name: string;
  enabled: boolean;
  version: number;
  definition: RuleDefinition | string;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const json = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);

export function toRule(r: RuleRow): Rule {
  return {
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    enabled: r.enabled,
    version: r.version,
    definition: json(r.definition),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

export async function listRules(db: Knex, tenantId: string): Promise<Rule[]> {
  const rows = (await db('automation_rules').where({ tenant_id: tenantId }).orderBy('name')) as RuleRow[];
  return rows.map(toRule);
}

export async function enabledRules(db: Knex, tenantId: string): Promise<Rule[]> {
  const rows = (await db('automation_rules').where({ tenant_id: tenantId, enabled: true })) as RuleRow[];
  return rows.map(toRule);
}

export async function getRule(db: Knex, tenantId: string, id: string): Promise<Rule> {
  const row = (await db('automation_rules').where({ tenant_id: tenantId, id }).first()) as RuleRow | undefined;
  if (!row) throw AutomationErrors.ruleNotFound(id);
  return toRule(row);
}

/** One past version of a rule (evaluations name the version they ran). */
export async function getRuleVersion(db: Knex, tenantId: string, id: string, version: number): Promise<RuleDefinition | undefined> {
  const row = (await db('automation_rule_versions').where({ tenant_id: tenantId, rule_id: id, version }).first()) as
    { definition: RuleDefinition | string } | undefined;
  return row && json(row.definition);
}

export async function createRule(
  db: Knex,
  input: { tenantId: string; name: string; enabled?: boolean; definition: RuleDefinition; createdBy?: string },
): Promise<Rule> {
  const definition = checkDefinition(input.definition);
  const id = randomUUID();
  try {
    return await db.transaction(async (trx) => {
      const [row] = (await trx('automation_rules')
        .insert({
          id,
          tenant_id: input.tenantId,
          name: input.name,
          enabled: input.enabled ?? true,
          version: 1,
          definition: JSON.stringify(definition),
          created_by: input.createdBy ?? null,
        })
        .returning('*')) as RuleRow[];
      await trx('automation_rule_versions').insert({
        rule_id: id,
        version: 1,
        tenant_id: input.tenantId,
        name: input.name,
        definition: JSON.stringify(definition),
        created_by: input.createdBy ?? null,
      });
      return toRule(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw AutomationErrors.ruleNameTaken(input.name);
    throw err;
  }
}

/**
 * Changes a rule. A new name or definition makes a new version (the old one stays readable for the
 * evaluations that ran it); enabling or disabling alone does not.
 */
export async function updateRule(
  db: Knex,
  tenantId: string,
  id: string,
  patch: { name?: string; enabled?: boolean; definition?: RuleDefinition },
  actorId?: string,
): Promise<Rule> {
  try {
    return await db.transaction(async (trx) => {
      const current = (await trx('automation_rules').where({ tenant_id: tenantId, id }).forUpdate().first()) as RuleRow | undefined;
      if (!current) throw AutomationErrors.ruleNotFound(id);
      const before = toRule(current);
      const definition = patch.definition ? checkDefinition(patch.definition, before.definition) : before.definition;
      const changed = patch.definition !== undefined || (patch.name !== undefined && patch.name !== before.name);
      const version = changed ? before.version + 1 : before.version;
      const name = patch.name ?? before.name;
      const [row] = (await trx('automation_rules')
        .where({ tenant_id: tenantId, id })
        .update({
          name,
          enabled: patch.enabled ?? before.enabled,
          version,
          definition: JSON.stringify(definition),
          updated_at: trx.fn.now(),
        })
        .returning('*')) as RuleRow[];
      if (changed) {
        await trx('automation_rule_versions').insert({
          rule_id: id,
          version,
          tenant_id: tenantId,
          name,
          definition: JSON.stringify(definition),
          created_by: actorId ?? null,
        });
      }
      return toRule(row!);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw AutomationErrors.ruleNameTaken(patch.name ?? '');
    throw err;
  }
}

export async function deleteRule(db: Knex, tenantId: string, id: string): Promise<void> {
  // `.returning`: the affected-row count is not reliable on every driver (PGlite).
  const rows = (await db('automation_rules').where({ tenant_id: tenantId, id }).delete().returning('id')) as unknown[];
  if (rows.length === 0) throw AutomationErrors.ruleNotFound(id);
}
