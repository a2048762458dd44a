import type { Knex } from 'knex';
import type { PluginDirectory } from '@bacon/sdk';
import { getUserRow, listUserRows, toAuthUser } from './users-repo.js';

/** `services.directory`: a tenant's users for plugins (assignment, mentions). Disabled users are left out. */
export function userDirectory(knex: () => Knex): PluginDirectory {
  return {
    async getUser(tenantId, userId) {
      const row = await getUserRow(knex(), tenantId, userId);
      return row && !row.disabled_at ? { ...toAuthUser(row), avatarUrl: row.avatar_url ?? null } : undefined;
    },
    async listUsers(tenantId, filter = {}) {
      const rows = await listUserRows(knex(), tenantId, filter);
      return rows.filter((r) => !r.disabled_at).map((r) => toAuthUser(r));
    },
  };
}
