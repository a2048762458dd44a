import type { PluginCommand } from '@bacon/sdk';
import type { Config } from '../config/index.js';
import type { Logger } from '../logs/logger.js';
import type { HostModule } from '../kernel/host-module.js';
import { connectDatabase } from '../db/connect.js';
import { runMigrations, type MigrationDir } from '../db/migrate.js';
import { createBus } from '../bus/index.js';

export interface PluginCommandIo {
  out(line: string): void;
  err(line: string): void;
  /** Whether a host already serves on this machine (the embedded database admits one process). */
  hostRunning(): Promise<boolean>;
}

/**
 * Runs a trusted plugin's operator command (`<plugin id>:<name>`, see `PluginCommand`): on the
 * embedded database only while no host runs (one process may open it), after the migrations, with
 * the live bus (Redis when configured) to tell running hosts. Answers the process exit code.
 */
export async function runPluginCommand(
  name: string,
  args: string[],
  commands: Map<string, PluginCommand>,
  ctx: { config: Readonly<Config>; log: Logger; migrations: MigrationDir[]; modules: HostModule[]; io: PluginCommandIo },
): Promise<number> {
  const { config, log, io } = ctx;
  const command = commands.get(name);
  if (!command) {
    const known = [...commands.keys()].sort();
    io.err(`bacon: unknown command "${name}"${known.length ? ` (plugin commands: ${known.join(', ')})` : ''}`);
    return 64;
  }
  if (!config.databaseUrl && (await io.hostRunning())) {
    io.err('bacon: Bacon is running on this machine with the embedded database, which one process at a time may open. Stop it first.');
    return 75;
  }
  const db = await connectDatabase(config, log);
  const bus = await createBus(config, log);
  try {
    await runMigrations(db.knex, [...ctx.migrations, ...ctx.modules.flatMap((m) => m.migrations ?? [])]);
    return await command.run({ db: db.knex, eventsTable: 'host_events', bus, out: io.out, err: io.err }, args);
  } finally {
    await bus.close();
    await db.close();
  }
}
