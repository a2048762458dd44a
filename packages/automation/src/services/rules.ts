import type { Knex } from 'knex';
import type { RuleDefinition } from '../rule-schema.js';
import { AutomationErrors } from '../errors.js';
import { checkDefinition } from './check-definition.js';
import { versionedStore, type Versioned } from './versioned-store.js';

export type Rule = Versioned<RuleDefinition>;

const rules = versionedStore<RuleDefinition>({
  table: 'automation_rules',
  versionsTable: 'automation_rule_versions',
  ownerColumn: 'rule_id',
  check: checkDefinition,
  notFound: (id) => AutomationErrors.ruleNotFound(id),
  nameTaken: (name) => AutomationErrors.ruleNameTaken(name),
});

/** A rule from its row (jobs that read the row themselves). */
export const toRule = rules.toItem as (row: unknown) => Rule;

export const listRules = (db: Knex, tenantId: string): Promise<Rule[]> => rules.list(db, tenantId);
export const enabledRules = (db: Knex, tenantId: string): Promise<Rule[]> => rules.list(db, tenantId, { enabled: true });
export const getRule = (db: Knex, tenantId: string, id: string): Promise<Rule> => rules.get(db, tenantId, id);

/** One past version of a rule (evaluations name the version they ran). */
export const getRuleVersion = (db: Knex, tenantId: string, id: string, version: number): Promise<RuleDefinition | undefined> =>
  rules.version(db, tenantId, id, version);

export const createRule = rules.create;

/**
 * Changes a rule. A new name or definition makes a new version (the old one stays readable for the
 * evaluations that ran it); enabling or disabling alone does not.
 */
export const updateRule = rules.update;

export const deleteRule = rules.remove;
