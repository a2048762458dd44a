import type { Knex } from 'knex';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** A folder of knex migrations and who owns it ('host' or a plugin id). */
export interface MigrationDir {
  owner: string;
  dir: string;
}

interface MigrationEntry {
  name: string;
  file: string;
}

const MIGRATION_FILE = /^\d{8,}[_-][\w-]+\.(ts|js|mjs)$/;

/**
 * A knex migration source over several owners' folders. Names are `<owner>/<file>`; the order is
 * the file's timestamp prefix, then the owner, then the name, so it is the same on every host
 * whatever order the folders were discovered in.
 */
export class MultiDirMigrationSource implements Knex.MigrationSource<MigrationEntry> {
  constructor(private readonly dirs: MigrationDir[]) {}

  async getMigrations(): Promise<MigrationEntry[]> {
    const out: { entry: MigrationEntry; stamp: string; owner: string }[] = [];
    for (const { owner, dir } of this.dirs) {
      let files: string[];
      try {
        files = await readdir(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw err;
      }
      for (const f of files) {
        if (!MIGRATION_FILE.test(f) || f.endsWith('.d.ts')) continue;
        out.push({
          entry: { name: `${owner}/${f.replace(/\.(ts|js|mjs)$/, '')}`, file: path.join(dir, f) },
          stamp: f.split(/[_-]/)[0]!,
          owner,
        });
      }
    }
    out.sort((a, b) => a.stamp.localeCompare(b.stamp) || a.owner.localeCompare(b.owner) || a.entry.name.localeCompare(b.entry.name));
    return out.map((o) => o.entry);
  }

  getMigrationName(m: MigrationEntry): string {
    return m.name;
  }

  async getMigration(m: MigrationEntry): Promise<Knex.Migration> {
    const mod = (await import(pathToFileURL(m.file).href)) as Partial<Knex.Migration> & { default?: Knex.Migration };
    const migration = typeof mod.up === 'function' ? (mod as Knex.Migration) : mod.default;
    if (!migration?.up) throw new Error(`Migration ${m.name} exports no up()`);
    return migration;
  }
}

export const MIGRATIONS_TABLE = 'bacon_migrations';

/**
 * Applies pending migrations. Safe when several hosts boot at once: knex takes its lock row,
 * and a host that loses the race waits for it and then finds nothing left to do.
 */
export async function runMigrations(knex: Knex, dirs: MigrationDir[], opts: { lockWaitMs?: number } = {}): Promise<string[]> {
  const config: Knex.MigratorConfig = { migrationSource: new MultiDirMigrationSource(dirs), tableName: MIGRATIONS_TABLE };
  const deadline = Date.now() + (opts.lockWaitMs ?? 60000);
  for (;;) {
    try {
      const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
      return applied;
    } catch (err) {
      const isLock = (err as Error).name === 'MigrationLocked' || /Migration table is already locked/i.test((err as Error).message);
      const isRace =
        /duplicate key value|already exists/i.test((err as Error).message) &&
        /knex_migrations|bacon_migrations/.test((err as Error).message);
      if ((!isLock && !isRace) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
    }
  }
}

export async function pendingMigrations(knex: Knex, dirs: MigrationDir[]): Promise<string[]> {
  const [, pending] = (await knex.migrate.list({ migrationSource: new MultiDirMigrationSource(dirs), tableName: MIGRATIONS_TABLE })) as [
    unknown[],
    { name?: string; file?: string }[] | string[],
  ];
  return pending.map((p) => (typeof p === 'string' ? p : (p.name ?? p.file ?? String(p))));
}
