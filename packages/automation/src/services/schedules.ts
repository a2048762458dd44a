import type { Knex } from 'knex';
import type { DurableEvent, PluginJobs } from '@bacon/sdk';
import { nextFire } from './next-fire.js';
import { toRule, type Rule } from './rules.js';
import { timeFacts } from './business-hours.js';
import { fireRule, type EvaluateDeps } from './evaluate-event.js';
import { matchConditions } from './match-conditions.js';
import type { Facts } from './match-trigger.js';

/** The jobs queue (namespaced `automation.schedule`) whose jobs fire schedule ticks. */
export const SCHEDULE_QUEUE = 'schedule';

/** Topic of the synthetic event a schedule tick evaluates its rule with. */
export const SCHEDULE_TOPIC = 'automation.schedule';

export interface ScheduleJob {
  ruleId: string;
  index: number;
  /** The tick (ISO), as `automation_schedules.next_at` held it when the job was sent. */
  at: string;
}

const schedulesOf = (rule: Rule) => rule.definition.triggers.flatMap((t, index) => (t.type === 'schedule' ? [{ trigger: t, index }] : []));

async function sendTick(jobs: Pick<PluginJobs, 'send'>, job: ScheduleJob): Promise<void> {
  await jobs.send(SCHEDULE_QUEUE, job, {
    startAfter: new Date(job.at),
    singletonKey: `${job.ruleId}:${job.index}:${job.at}`,
    retryLimit: 5,
    retryBackoff: true,
  });
}

/**
 * After a rule is written: its schedule rows are replaced by the next tick of each schedule trigger
 * (none when disabled), and a job is queued for each. Jobs of the previous rows find no matching row
 * and do nothing.
 */
export async function armSchedules(deps: { db: Knex; jobs: Pick<PluginJobs, 'send'> }, rule: Rule, now = new Date()): Promise<void> {
  const ticks = rule.enabled ? schedulesOf(rule).map(({ trigger, index }) => ({ index, at: nextFire(trigger, now) })) : [];
  await deps.db.transaction(async (trx) => {
    await trx('automation_schedules').where({ rule_id: rule.id }).delete();
    if (ticks.length)
      await trx('automation_schedules').insert(
        ticks.map((t) => ({ rule_id: rule.id, trigger_index: t.index, tenant_id: rule.tenantId, next_at: t.at })),
      );
  });
  for (const t of ticks) await sendTick(deps.jobs, { ruleId: rule.id, index: t.index, at: t.at.toISOString() });
}

/** At start: a job for every armed tick (a tick missed while the cluster was down fires once, late). */
export async function rearmSchedules(deps: { db: Knex; jobs: Pick<PluginJobs, 'send'> }): Promise<number> {
  const rows = (await deps.db('automation_schedules').select('rule_id', 'trigger_index', 'next_at')) as {
    rule_id: string;
    trigger_index: number;
    next_at: Date | string;
  }[];
  for (const r of rows) await sendTick(deps.jobs, { ruleId: r.rule_id, index: r.trigger_index, at: new Date(r.next_at).toISOString() });
  return rows.length;
}

/**
 * A tick's job. When the row still holds this tick: the rule fires once for it (evaluation keyed
 * `schedule:<rule>:<index>:<tick>`, so a retried job resumes rather than repeats), then the next
 * tick's job is queued and the row moves on with compare-and-set (a duplicate job of the same tick
 * finds the row moved and does nothing). Ticks missed during a stop are not replayed one by one.
 */
export async function fireSchedule(deps: EvaluateDeps, job: ScheduleJob): Promise<void> {
  const at = new Date(job.at);
  const row = (await deps.db('automation_schedules').where({ rule_id: job.ruleId, trigger_index: job.index }).first()) as
    { tenant_id: string; next_at: Date | string } | undefined;
  if (!row || new Date(row.next_at).getTime() !== at.getTime()) return; // re-armed, disabled or already fired
  const ruleRow = await deps.db('automation_rules').where({ id: job.ruleId, tenant_id: row.tenant_id, enabled: true }).first();
  const rule = ruleRow && toRule(ruleRow);
  const trigger = rule?.definition.triggers[job.index];
  if (!rule || trigger?.type !== 'schedule') return;
  const facts: Facts = {
    topic: SCHEDULE_TOPIC,
    time: timeFacts(rule.definition, at) as unknown as Record<string, unknown>,
    trigger: { cron: trigger.cron, timeZone: trigger.timeZone ?? 'UTC', at: job.at },
  };
  if (matchConditions(rule.definition, facts)) {
    const event: DurableEvent = {
      id: `schedule:${rule.id}:${job.index}:${job.at}`,
      topic: SCHEDULE_TOPIC,
      tenantId: rule.tenantId,
      key: null,
      seq: null,
      payload: { ruleId: rule.id, at: job.at },
      at: job.at,
    };
    await fireRule(deps, rule, event, facts, undefined, 0);
  }
  const next = nextFire(trigger, new Date(Math.max(at.getTime(), Date.now())));
  await sendTick(deps.jobs, { ruleId: rule.id, index: job.index, at: next.toISOString() });
  await deps.db('automation_schedules').where({ rule_id: rule.id, trigger_index: job.index, next_at: at }).update({ next_at: next });
}
