import type { Config } from '../config/index.js';
import type { Logger } from '../logs/logger.js';
import { connectDatabase } from '../db/connect.js';
import { createBus } from '../bus/index.js';
import { IP_RULES_CHANGED } from './tenant-ip-rules.js';

export interface IpRulesCommandIo {
  out(line: string): void;
  err(line: string): void;
  /** Whether a host already serves on this machine (the embedded database admits one process). */
  hostRunning(): Promise<boolean>;
}

/** Whether something answers Bacon's health check on this machine's `port`. */
export async function hostAnswersOn(port: number): Promise<boolean> {
  if (!port) return false;
  try {
    const r = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1500) });
    return r.ok;
  } catch {
    return false;
  }
}

const USAGE = 'usage: bacon ip-rules list|clear [--tenant <tenant id>]';

function tenantArg(args: string[]): string | undefined | Error {
  const i = args.indexOf('--tenant');
  if (i === -1) return undefined;
  const id = args[i + 1];
  if (!id || !/^[0-9a-f-]{36}$/i.test(id)) return new Error('--tenant takes a tenant id (a uuid)');
  return id;
}

/**
 * The operator's way back in after a workspace's IP rules lock everyone out: `list` shows the rules,
 * `clear` deletes them (every tenant's, or one tenant's with --tenant) straight in the database, on
 * PGlite and Postgres alike, and tells running hosts through the bus to drop their cached rules.
 * Answers the process exit code.
 */
export async function ipRulesCommand(args: string[], config: Readonly<Config>, log: Logger, io: IpRulesCommandIo): Promise<number> {
  const [action] = args;
  const tenantId = tenantArg(args);
  if ((action !== 'list' && action !== 'clear') || tenantId instanceof Error) {
    io.err(tenantId instanceof Error ? `bacon: ${tenantId.message}` : `bacon: ${USAGE}`);
    return 64;
  }
  if (!config.databaseUrl && (await io.hostRunning())) {
    io.err(
      'bacon: Bacon is running on this machine with the embedded database, which one process at a time may open. Stop it, run this again, then start it.',
    );
    return 75;
  }
  const db = await connectDatabase(config, log);
  try {
    if (!(await db.knex.schema.hasTable('ip_rules'))) {
      io.err('bacon: this database has no Bacon tables yet (start Bacon once, or run "npm run migrate"): there are no IP rules to clear.');
      return 66;
    }
    const scoped = () => (tenantId ? db.knex('ip_rules').where({ tenant_id: tenantId }) : db.knex('ip_rules'));
    const rows = (await scoped().select('tenant_id', 'cidr', 'action', 'note').orderBy(['tenant_id', 'created_at'])) as {
      tenant_id: string;
      cidr: string;
      action: string;
      note: string;
    }[];
    if (action === 'list') {
      if (!rows.length) io.out('No IP rules.');
      for (const r of rows) io.out(`${r.tenant_id}  ${r.action.padEnd(5)}  ${r.cidr}${r.note ? `  (${r.note})` : ''}`);
      return 0;
    }
    const deleted = ((await scoped().delete().returning('id')) as unknown[]).length;
    const tenants = [...new Set(rows.map((r) => r.tenant_id))];
    io.out(`Deleted ${deleted} IP rule${deleted === 1 ? '' : 's'}${tenantId ? ` of tenant ${tenantId}` : ''}.`);
    if (tenants.length && config.redisUrl) {
      const bus = await createBus(config, log);
      for (const t of tenants) await bus.publish({ topic: IP_RULES_CHANGED, tenantId: t, payload: {} });
      await bus.close();
      io.out('Running hosts were told through Redis and apply it at once.');
    } else if (tenants.length && config.databaseUrl) {
      io.out('Running hosts apply it within 30 seconds (their cache of the rules).');
    }
    return 0;
  } finally {
    await db.close();
  }
}
