import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { JsonSchema } from '@bacon/sdk';

/** A named, versioned definition of a tenant (a rule, a flow): the current row plus every past version. */
export interface Versioned<D> {
  id: string;
  tenantId: string;
  name: string;
  enabled: boolean;
  version: number;
  definition: D;
  createdAt: string;
  updatedAt: string;
}

interface Row<D> {
  id: string;
  tenant_id: string;
  name: string;
  enabled: boolean;
  version: number;
  definition: D | string;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface VersionedStoreSpec<D> {
  /** The current rows (`id, tenant_id, name (unique per tenant), enabled, version, definition, created_by, timestamps`). */
  table: string;
  /** Every version (`<owner>, version, tenant_id, name, definition, created_by`). */
  versionsTable: string;
  /** The versions table's column naming the definition (`rule_id`). */
  ownerColumn: string;
  /** Checks a definition before it is stored (throws the domain's 400), given the current one on an update. */
  check(definition: D, before?: D): D;
  notFound(id: string): Error;
  nameTaken(name: string): Error;
}

export const fromJson = <T>(v: T | string): T => (typeof v === 'string' ? (JSON.parse(v) as T) : v);
const iso = (d: Date | string) => new Date(d).toISOString();
const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * Storage for versioned definitions. A new name or definition makes a new version (the old ones stay
 * readable for what ran them: evaluations, flow runs); enabling or disabling alone does not. A name
 * taken by another definition of the tenant is the spec's `nameTaken`, whatever the race.
 */
export function versionedStore<D>(spec: VersionedStoreSpec<D>) {
  const toItem = (r: Row<D>): Versioned<D> => ({
    id: r.id,
    tenantId: r.tenant_id,
    name: r.name,
    enabled: r.enabled,
    version: r.version,
    definition: fromJson(r.definition),
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  });
  const versionRow = (id: string, version: number, tenantId: string, name: string, definition: D, by?: string) => ({
    [spec.ownerColumn]: id,
    version,
    tenant_id: tenantId,
    name,
    definition: JSON.stringify(definition),
    created_by: by ?? null,
  });
  const nameTaken = (name: string) => (err: unknown) => {
    throw isUniqueViolation(err) ? spec.nameTaken(name) : err;
  };

  return {
    toItem,

    async list(db: Knex, tenantId: string, where: { enabled?: boolean } = {}): Promise<Versioned<D>[]> {
      const rows = (await db(spec.table)
        .where({ tenant_id: tenantId, ...where })
        .orderBy('name')) as Row<D>[];
      return rows.map(toItem);
    },

    async get(db: Knex, tenantId: string, id: string): Promise<Versioned<D>> {
      const row = (await db(spec.table).where({ tenant_id: tenantId, id }).first()) as Row<D> | undefined;
      if (!row) throw spec.notFound(id);
      return toItem(row);
    },

    /** One past version's definition (what an evaluation or a run followed). */
    async version(db: Knex, tenantId: string, id: string, version: number): Promise<D | undefined> {
      const row = (await db(spec.versionsTable)
        .where({ tenant_id: tenantId, [spec.ownerColumn]: id, version })
        .first()) as { definition: D | string } | undefined;
      return row && fromJson(row.definition);
    },

    create(
      db: Knex,
      input: { tenantId: string; name: string; enabled?: boolean; definition: D; createdBy?: string },
    ): Promise<Versioned<D>> {
      const definition = spec.check(input.definition);
      const id = randomUUID();
      return db
        .transaction(async (trx) => {
          const [row] = (await trx(spec.table)
            .insert({
              id,
              tenant_id: input.tenantId,
              name: input.name,
              enabled: input.enabled ?? true,
              version: 1,
              definition: JSON.stringify(definition),
              created_by: input.createdBy ?? null,
            })
            .returning('*')) as Row<D>[];
          await trx(spec.versionsTable).insert(versionRow(id, 1, input.tenantId, input.name, definition, input.createdBy));
          return toItem(row!);
        })
        .catch(nameTaken(input.name));
    },

    update(
      db: Knex,
      tenantId: string,
      id: string,
      patch: { name?: string; enabled?: boolean; definition?: D },
      actorId?: string,
    ): Promise<Versioned<D>> {
      return db
        .transaction(async (trx) => {
          const current = (await trx(spec.table).where({ tenant_id: tenantId, id }).forUpdate().first()) as Row<D> | undefined;
          if (!current) throw spec.notFound(id);
          const before = toItem(current);
          const definition = patch.definition ? spec.check(patch.definition, before.definition) : before.definition;
          const changed = patch.definition !== undefined || (patch.name !== undefined && patch.name !== before.name);
          const version = changed ? before.version + 1 : before.version;
          const name = patch.name ?? before.name;
          const [row] = (await trx(spec.table)
            .where({ tenant_id: tenantId, id })
            .update({
              name,
              enabled: patch.enabled ?? before.enabled,
              version,
              definition: JSON.stringify(definition),
              updated_at: trx.fn.now(),
            })
            .returning('*')) as Row<D>[];
          if (changed) await trx(spec.versionsTable).insert(versionRow(id, version, tenantId, name, definition, actorId));
          return toItem(row!);
        })
        .catch(nameTaken(patch.name ?? ''));
    },

    async remove(db: Knex, tenantId: string, id: string): Promise<void> {
      // `.returning`: the affected-row count is not reliable on every driver (PGlite).
      const rows = (await db(spec.table).where({ tenant_id: tenantId, id }).delete().returning('id')) as unknown[];
      if (rows.length === 0) throw spec.notFound(id);
    },
  };
}

/** The API's schemas of a versioned definition: the writable fields, and the item it answers. */
export function versionedSchemas(definition: JsonSchema): { fields: Record<string, JsonSchema>; item: JsonSchema } {
  const fields = { name: { type: 'string', minLength: 1, maxLength: 120 }, enabled: { type: 'boolean' }, definition };
  const item: JsonSchema = {
    type: 'object',
    required: ['id', 'name', 'enabled', 'version', 'definition', 'createdAt', 'updatedAt'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string' },
      enabled: { type: 'boolean' },
      version: { type: 'integer' },
      definition,
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  };
  return { fields, item };
}
