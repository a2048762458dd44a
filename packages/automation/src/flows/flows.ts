import type { Knex } from 'knex';
import type { FlowDefinition } from './flow-schema.js';
import { FlowErrors } from './flow-errors.js';
import { checkFlow } from './check-flow.js';
import { versionedStore, type Versioned } from '../services/versioned-store.js';

export { fromJson } from '../services/versioned-store.js';

export type Flow = Versioned<FlowDefinition>;

const flows = versionedStore<FlowDefinition>({
  table: 'automation_flows',
  versionsTable: 'automation_flow_versions',
  ownerColumn: 'flow_id',
  check: (definition) => checkFlow(definition),
  notFound: (id) => FlowErrors.flowNotFound(id),
  nameTaken: (name) => FlowErrors.flowNameTaken(name),
});

export const listFlows = (db: Knex, tenantId: string): Promise<Flow[]> => flows.list(db, tenantId);
export const getFlow = (db: Knex, tenantId: string, id: string): Promise<Flow> => flows.get(db, tenantId, id);

/** The definition a run follows: the version it started with, whatever edits came after. */
export const flowVersion = (db: Knex, tenantId: string, id: string, version: number): Promise<FlowDefinition | undefined> =>
  flows.version(db, tenantId, id, version);

export const createFlow = flows.create;

/** Changes a flow; a new name or definition makes a new version (running runs keep theirs). */
export const updateFlow = flows.update;

export const deleteFlow = flows.remove;
