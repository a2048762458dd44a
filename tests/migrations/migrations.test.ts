import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import knexModule, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { PGlite } from '@electric-sql/pglite';
import { MultiDirMigrationSource, MIGRATIONS_TABLE } from '@bacon/host';
import { createTestDatabase, type TestDatabase } from '@bacon/host/testing';
import { migrationDirs, root } from './migration-dirs.js';

const knexFactory = knexModule as unknown as typeof knexModule.knex;
const dirs = migrationDirs();
const files = dirs.flatMap(({ dir }) =>
  readdirSync(dir)
    .filter((f) => /^\d{8,}[_-][\w-]+\.(ts|js|mjs)$/.test(f) && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f)),
);

/** What the migrations made: every table, view, sequence, function and type in `public`, with table columns. */
async function schemaOf(knex: Knex): Promise<string[]> {
  const objects = await knex.raw(`
    select c.relkind::text || ' ' || c.relname as o from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where n.nspname = 'public' and c.relkind in ('r', 'v', 'm', 'S', 'p')
    union all
    select 'f ' || p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = 'public'
    union all
    select 't ' || t.typname from pg_type t join pg_namespace n on n.oid = t.typnamespace
     where n.nspname = 'public' and t.typtype in ('e', 'd', 'c') and not exists (select 1 from pg_class c where c.reltype = t.oid)
    union all
    select 'c ' || table_name || '.' || column_name || ' ' || data_type from information_schema.columns where table_schema = 'public'`);
  return (objects.rows as { o: string }[]).map((r) => r.o).sort();
}

const ours = (objects: string[]) => objects.filter((o) => !o.includes(MIGRATIONS_TABLE));

describe('migrations: every folder up on an empty database, down to zero, up again', function () {
  this.timeout(180_000);
  let database: TestDatabase;
  let knex: Knex;
  let pglite: PGlite | undefined;
  const config = { migrationSource: new MultiDirMigrationSource(dirs), tableName: MIGRATIONS_TABLE };

  before(async () => {
    database = await createTestDatabase();
    if (database.backend === 'postgres') knex = knexFactory({ client: 'pg', connection: database.databaseUrl });
    else {
      pglite = await PGlite.create(path.join(database.dataDir, 'pglite'));
      knex = knexFactory({ client: ClientPgLite as unknown as typeof Knex.Client, dialect: 'postgres', connection: { pglite } as never });
    }
  });
  after(async () => {
    await knex?.destroy();
    await pglite?.close().catch(() => undefined);
    await database?.drop();
  });

  it('finds the host’s, the first-party packages’ and the test plugin’s folders', () => {
    const owners = dirs.map((d) => d.owner);
    expect(owners).to.include.members(['host', 'inbox', 'channels', 'cluster-drill']);
    expect(files.length).to.be.at.least(owners.length);
  });

  it('every migration file exports an up and a down', async () => {
    const missing: string[] = [];
    for (const f of files) {
      const mod = (await import(pathToFileURL(f).href)) as { up?: unknown; down?: unknown; default?: { up?: unknown; down?: unknown } };
      const m = typeof mod.up === 'function' ? mod : (mod.default ?? {});
      for (const fn of ['up', 'down'] as const) if (typeof m[fn] !== 'function') missing.push(`${path.relative(root, f)}: no ${fn}()`);
    }
    expect(missing).to.deep.equal([]);
  });

  it('up, down to zero (nothing of theirs left), then up again to the same schema', async () => {
    expect(ours(await schemaOf(knex)), 'the database starts empty').to.deep.equal([]);
    const [, applied] = (await knex.migrate.latest(config)) as [number, string[]];
    expect(applied).to.have.length(files.length);
    const first = await schemaOf(knex);
    expect(first.filter((o) => o.startsWith('r '))).to.include.members(['r host_events', 'r inbox_messages', 'r cluster_drill_seen']);

    for (let step = 0; ; step++) {
      const [, undone] = (await knex.migrate.down(config)) as [number, string[]];
      if (!undone.length) break;
      expect(step, 'more down steps than migrations').to.be.below(files.length);
    }
    const [done] = (await knex.migrate.list(config)) as [unknown[], unknown[]];
    expect(done, 'applied after going down to zero').to.have.length(0);
    expect(ours(await schemaOf(knex)), 'left behind after every down').to.deep.equal([]);

    const [, again] = (await knex.migrate.latest(config)) as [number, string[]];
    expect(again).to.deep.equal(applied);
    expect(await schemaOf(knex), 'the schema after going up again').to.deep.equal(first);
  });
});
