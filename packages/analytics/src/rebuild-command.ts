import type { PluginCommand } from '@bacon/sdk';
import { rebuildTenant } from './rebuild.js';
import { CHANGED_TOPIC } from './report-cache.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const USAGE = 'usage: bacon analytics:rebuild [--tenant <tenant id>]';

/**
 * `npm run bacon -- analytics:rebuild [--tenant <id>]`: recomputes every tenant's analytics (or one
 * tenant's) from the inbox's rows, printing each tenant's progress, then tells running hosts to drop
 * their cached answers. Safe beside running hosts on Postgres: their consumers wait for each tenant's
 * rebuild (see docs/analytics.md).
 */
export const rebuildCommand: PluginCommand = {
  summary: 'Recompute the analytics rollups from the raw inbox data',
  async run(ctx, args) {
    const at = args.indexOf('--tenant');
    const only = at === -1 ? undefined : args[at + 1];
    if ((at !== -1 && !(only && UUID.test(only))) || args.some((a, i) => a !== '--tenant' && i !== at + 1)) {
      ctx.err(`bacon: ${USAGE}`);
      return 64;
    }
    const tenants = only
      ? [only]
      : (
          (await ctx.db
            .union([ctx.db('inbox_conversations').distinct('tenant_id'), ctx.db('analytics_conversations').distinct('tenant_id')])
            .orderBy('tenant_id')) as { tenant_id: string }[]
        ).map((r) => r.tenant_id);
    if (!tenants.length) {
      ctx.out('No conversations: nothing to rebuild.');
      return 0;
    }
    const started = Date.now();
    let conversations = 0;
    let messages = 0;
    for (const [i, tenantId] of tenants.entries()) {
      const label = `[${i + 1}/${tenants.length}] tenant ${tenantId}`;
      ctx.out(`${label}: rebuilding...`);
      const result = await rebuildTenant(ctx.db, tenantId, ctx.eventsTable, (p) =>
        ctx.out(`${label}: ${p.conversations} conversations, ${p.messages} messages`),
      );
      ctx.out(`${label}: done, ${result.conversations} conversations, ${result.messages} messages`);
      conversations += result.conversations;
      messages += result.messages;
      await ctx.bus.publish({ topic: CHANGED_TOPIC, tenantId, payload: {} });
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    ctx.out(`Rebuilt ${tenants.length} tenant(s): ${conversations} conversations, ${messages} messages in ${seconds} s.`);
    return 0;
  },
};
