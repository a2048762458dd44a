import type { Knex } from 'knex';
import type { CsatAnswer } from '@bacon/analytics-contract';
import { inTransactionWithRetry } from '@bacon/sdk';
import { AnalyticsErrors } from '../errors.js';
import { hourOf } from '../fold.js';
import { addToRollup } from '../store.js';
import { bucketSql, type ReportRange } from '../report-query.js';

/**
 * Records a contact's answer to the survey of a conversation's latest resolution (one answer per
 * resolved cycle), and adds it to the hourly rollup of the answer's hour in the same transaction.
 */
export async function answerCsat(
  db: Knex,
  tenantId: string,
  input: { conversationId: string; score: number; comment?: string | null },
  now = new Date(),
): Promise<CsatAnswer> {
  return inTransactionWithRetry(db, async (trx) => {
    const cycle = await trx('analytics_cycles')
      .where({ tenant_id: tenantId, conversation_id: input.conversationId })
      .whereNotNull('resolved_at')
      .orderBy('cycle', 'desc')
      .first('cycle', 'channel', 'resolver_id');
    if (!cycle) {
      const known = await trx('analytics_conversations')
        .where({ tenant_id: tenantId, conversation_id: input.conversationId })
        .first('cycle');
      throw known
        ? AnalyticsErrors.conversationNotResolved(input.conversationId)
        : AnalyticsErrors.conversationNotFound(input.conversationId);
    }
    const row = {
      tenant_id: tenantId,
      conversation_id: input.conversationId,
      cycle: cycle.cycle,
      score: input.score,
      comment: input.comment ?? null,
      channel: cycle.channel,
      agent_id: cycle.resolver_id ?? '',
      answered_at: now,
    };
    const saved = await trx('analytics_csat').insert(row).onConflict(['tenant_id', 'conversation_id', 'cycle']).ignore().returning('cycle');
    if (!saved.length) throw AnalyticsErrors.csatAlreadyAnswered(input.conversationId, cycle.cycle);
    await addToRollup(trx, tenantId, [
      { hour: hourOf(now), channel: row.channel, agentId: row.agent_id, counts: { csat_responses: 1, csat_sum: input.score } },
    ]);
    return {
      conversationId: input.conversationId,
      cycle: cycle.cycle,
      score: input.score,
      comment: row.comment,
      answeredAt: now.toISOString(),
    };
  });
}

/**
 * CSAT: answers given in [from, to) (count, mean score 1-5, the count of each score) and the
 * response rate, answers / resolutions in the same bucket (every resolution is one survey).
 */
export async function csat(db: Knex, tenantId: string, r: ReportRange) {
  const answers = (grouped: boolean) => {
    const q = db('analytics_csat').where({ tenant_id: tenantId }).where('answered_at', '>=', r.from).where('answered_at', '<', r.to);
    if (r.channel) q.where({ channel: r.channel });
    if (r.agentId) q.where({ agent_id: r.agentId });
    q.select(
      db.raw('count(*)::int AS responses'),
      db.raw('avg(score) AS average'),
      ...[1, 2, 3, 4, 5].map((s) => db.raw(`(count(*) FILTER (WHERE score = ${s}))::int AS s${s}`)),
    );
    if (grouped)
      q.select(db.raw('? AS bucket', [bucketSql(db, r, { time: 'answered_at', channel: 'channel', agent: 'agent_id' })])).groupBy('bucket');
    return q;
  };
  const surveys = (grouped: boolean) => {
    const q = db('analytics_hourly').where({ tenant_id: tenantId }).where('hour', '>=', r.from).where('hour', '<', r.to);
    if (r.channel) q.where({ channel: r.channel });
    if (r.agentId) q.where({ agent_id: r.agentId });
    q.select(db.raw('sum(resolved)::int AS surveys'));
    if (grouped)
      q.select(db.raw('? AS bucket', [bucketSql(db, r, { time: 'hour', channel: 'channel', agent: 'agent_id' })])).groupBy('bucket');
    return q;
  };
  const stats = (a: Record<string, unknown> | undefined, surveysSent: number) => {
    const responses = Number(a?.responses ?? 0);
    return {
      surveys: surveysSent,
      responses,
      responseRate: surveysSent ? responses / surveysSent : null,
      average: a?.average == null ? null : Number(a.average),
      scores: [1, 2, 3, 4, 5].map((s) => Number(a?.[`s${s}`] ?? 0)),
    };
  };
  const [grouped, sent, [total], [sentTotal]] = await Promise.all([answers(true), surveys(true), answers(false), surveys(false)]);
  const sentBy = new Map(sent.map((s) => [String(s.bucket), Number(s.surveys ?? 0)]));
  const answerBy = new Map(grouped.map((a) => [String(a.bucket), a]));
  const buckets = [...new Set([...sentBy.keys(), ...answerBy.keys()])].sort();
  return {
    items: buckets.map((b) => ({ bucket: b, ...stats(answerBy.get(b), sentBy.get(b) ?? 0) })),
    total: stats(total, Number(sentTotal?.surveys ?? 0)),
  };
}
