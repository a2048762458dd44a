import type { Knex } from 'knex';

/** Records that periodic job `name` ran for `period`; true only for the first run of that period. */
export async function claimJobRun(db: Knex, name: string, period: string, now: Date): Promise<boolean> {
  const rows = await db('inbox_job_runs').insert({ name, period, ran_at: now }).onConflict(['name', 'period']).ignore().returning('name');
  return rows.length > 0;
}
