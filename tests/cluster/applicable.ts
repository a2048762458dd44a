// Whether the cluster drills can run here, and why not when they cannot: they need real server
// processes (Postgres, redis-server) that several host processes share.
import { execFileSync } from 'node:child_process';
import { privatePostgresUnavailable } from './private-postgres.js';

function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Why the drills on the shared Postgres server cannot run, or undefined. */
export function clusterUnavailable(): string | undefined {
  if (!process.env.DATABASE_URL)
    return 'not on the embedded backend: PGlite is one process’s files, several host processes cannot share it (the Postgres + Redis pass runs them)';
  if (!hasRedisServer()) return 'no redis-server binary to run a private Redis';
  return undefined;
}

/** Why the Postgres-restart drill cannot run, or undefined. */
export function restartDrillUnavailable(): string | undefined {
  return clusterUnavailable() ?? privatePostgresUnavailable();
}
