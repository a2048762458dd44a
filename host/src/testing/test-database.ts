import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { cp, mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export type TestBackend = 'pglite' | 'postgres';

/** The backend tests run on: Postgres when DATABASE_URL is set (the CI's second pass), PGlite otherwise. */
export function defaultBackend(): TestBackend {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

export interface TestDatabase {
  backend: TestBackend;
  /** For Postgres: the URL of the fresh database. */
  databaseUrl?: string;
  /** For PGlite: the data dir (the host keeps its files under `<dataDir>/pglite`). */
  dataDir: string;
  drop(): Promise<void>;
}

let template: Promise<string> | undefined;

/** An initialised, empty PGlite cluster made once per process; each test copies it (initdb is the slow part). */
function pgliteTemplate(): Promise<string> {
  template ??= (async () => {
    const dir = path.join(os.tmpdir(), `bacon-pglite-template-${process.pid}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.join(dir, 'pglite'), { recursive: true });
    const db = await PGlite.create(path.join(dir, 'pglite'));
    await db.close();
    process.once('exit', () => {
      try {
        // best effort; the OS cleans tmp anyway
        void rm(dir, { recursive: true, force: true });
      } catch {
        /* ignore */
      }
    });
    return dir;
  })();
  return template;
}

/**
 * A fresh, empty database for one test: a new Postgres database on the server DATABASE_URL points at
 * (dropped afterwards), or a new PGlite directory.
 */
export async function createTestDatabase(backend: TestBackend = defaultBackend()): Promise<TestDatabase> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bacon-test-'));
  if (backend === 'pglite') {
    const tpl = await pgliteTemplate();
    await cp(tpl, dataDir, { recursive: true });
    return { backend, dataDir, drop: () => rm(dataDir, { recursive: true, force: true }) };
  }
  const base = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `bacon_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    backend,
    databaseUrl: url.toString(),
    dataDir,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
