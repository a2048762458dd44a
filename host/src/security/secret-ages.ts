import type { Knex } from 'knex';

/**
 * Remembers when each plugin secret setting was last set (`plugin_secret_ages`), so secret hygiene
 * can report a credential past its rotation age: a new value stamps now, `null` forgets the field,
 * the sentinel (keep) changes nothing.
 */
export async function recordSecretChanges(
  knex: Knex,
  tenantId: string,
  pluginId: string,
  body: Record<string, unknown>,
  secretFieldNames: readonly string[],
  sentinel: string,
): Promise<void> {
  for (const field of secretFieldNames) {
    if (!(field in body) || body[field] === sentinel) continue;
    const key = { tenant_id: tenantId, plugin_id: pluginId, field };
    if (body[field] === null) await knex('plugin_secret_ages').where(key).delete();
    else
      await knex('plugin_secret_ages')
        .insert({ ...key, updated_at: knex.fn.now() })
        .onConflict(['tenant_id', 'plugin_id', 'field'])
        .merge({ updated_at: knex.fn.now() });
  }
}

/**
 * The set plugin secrets of a tenant (and of the install level, `*`) with the time each was last
 * set. A secret set before ages were tracked is stamped now (first seen), so it ages from today.
 */
export async function pluginSecretAges(
  knex: Knex,
  tenantId: string,
  installTenant: string,
): Promise<{ tenantId: string; pluginId: string; field: string; updatedAt: Date }[]> {
  const installs = (await knex('plugin_installs')
    .whereIn('tenant_id', [tenantId, installTenant])
    .select('tenant_id', 'plugin_id', 'secrets')) as {
    tenant_id: string;
    plugin_id: string;
    secrets: Record<string, unknown> | string;
  }[];
  const out: { tenantId: string; pluginId: string; field: string; updatedAt: Date }[] = [];
  for (const row of installs) {
    const secrets = typeof row.secrets === 'string' ? (JSON.parse(row.secrets) as Record<string, unknown>) : (row.secrets ?? {});
    for (const field of Object.keys(secrets)) {
      const key = { tenant_id: row.tenant_id, plugin_id: row.plugin_id, field };
      let seen = (await knex('plugin_secret_ages').where(key).first('updated_at')) as { updated_at: Date | string } | undefined;
      if (!seen) {
        await knex('plugin_secret_ages').insert(key).onConflict(['tenant_id', 'plugin_id', 'field']).ignore();
        seen = (await knex('plugin_secret_ages').where(key).first('updated_at')) as { updated_at: Date | string };
      }
      out.push({ tenantId: row.tenant_id, pluginId: row.plugin_id, field, updatedAt: new Date(seen.updated_at) });
    }
  }
  return out;
}
