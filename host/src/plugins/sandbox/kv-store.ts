import type { Knex } from 'knex';
import { SandboxErrors } from '../plugin-errors.js';

export interface KvScope {
  tenantId: string;
  pluginId: string;
}

const bad = (message: string) => SandboxErrors.invalidArgument(undefined, message);

function checkKey(key: unknown): string {
  if (typeof key !== 'string' || key.length === 0 || key.length > 256) throw bad('kv: a key is a string of 1 to 256 characters');
  return key;
}

/** The `kv` capability: JSON values in `plugin_kv`, always scoped by (tenant, plugin), within a byte quota. */
export const kvStore = {
  async get(knex: Knex, s: KvScope, key: unknown): Promise<{ found: boolean; value?: unknown }> {
    const row = await knex('plugin_kv')
      .where({ tenant_id: s.tenantId, plugin_id: s.pluginId, key: checkKey(key) })
      .first('value');
    if (!row) return { found: false };
    return { found: true, value: row.value };
  },

  async set(knex: Knex, s: KvScope, key: unknown, value: unknown, quotaBytes: number): Promise<null> {
    const k = checkKey(key);
    if (value === undefined) throw bad('kv.set: a value is required (use kv.delete to remove)');
    const json = JSON.stringify(value);
    const bytes = Buffer.byteLength(json) + Buffer.byteLength(k);
    await knex.transaction(async (trx) => {
      const used = await trx('plugin_kv')
        .where({ tenant_id: s.tenantId, plugin_id: s.pluginId })
        .whereNot({ key: k })
        .sum({ n: 'bytes' })
        .first();
      if (Number(used?.n ?? 0) + bytes > quotaBytes) {
        throw SandboxErrors.quotaExceeded(
          { quotaBytes },
          `kv: this plugin's store for the tenant would exceed its ${quotaBytes}-byte quota`,
        );
      }
      await trx('plugin_kv')
        .insert({ tenant_id: s.tenantId, plugin_id: s.pluginId, key: k, value: json, bytes })
        .onConflict(['tenant_id', 'plugin_id', 'key'])
        .merge({ value: json, bytes, updated_at: trx.fn.now() });
    });
    return null;
  },

  async delete(knex: Knex, s: KvScope, key: unknown): Promise<boolean> {
    return (
      (await knex('plugin_kv')
        .where({ tenant_id: s.tenantId, plugin_id: s.pluginId, key: checkKey(key) })
        .delete()) > 0
    );
  },

  async list(knex: Knex, s: KvScope, prefix: unknown): Promise<string[]> {
    if (typeof prefix !== 'string') throw bad('kv.list: the prefix is a string');
    const escaped = prefix.replace(/[\\%_]/g, (c) => `\\${c}`);
    return knex('plugin_kv')
      .where({ tenant_id: s.tenantId, plugin_id: s.pluginId })
      .andWhereLike('key', `${escaped}%`)
      .orderBy('key')
      .limit(1000)
      .pluck('key');
  },
};
