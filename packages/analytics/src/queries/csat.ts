import type { Knex } from 'knex';
import { CSAT_ANSWERED, type CsatAnswer, type CsatAnsweredPayload } from '@bacon/analytics-contract';
import { inTransactionWithRetry, type NewDurableEvent } from '@bacon/sdk';
import { AnalyticsErrors } from '../errors.js';
import { hourOf } from '../fold.js';
import { addToRollup } from '../store.js';
import { bucketSql, type ReportRange } from '../report-query.js';

/** What a CSAT answer also does: the `csat.answered` event, appended in the answer's transaction. */
export type AppendEvents = (trx: Knex, events: NewDurableEvent[]) => Promise<void>;

/**
 * Records a contact's answer to the survey of a conversation's latest resolution (one answer per
 * resolved cycle), adds it to the hourly rollup of the answer's hour and appends `csat.answered`, in
 * one transaction. The same answer sent again is answered with the stored one (`created: false`);
 * a different one is refused (409).
 */
export async function answerCsat(
  db: Knex,
  tenantId: string,
  input: { conversationId: string; score: number; comment?: string | null },
  opts: { now?: Date; append?: AppendEvents } = {},
): Promise<{ answer: CsatAnswer; created: boolean }> {
  const now = opts.now ?? new Date();
  return inTransactionWithRetry(db, async (trx) => {
    const cycle = await trx('analytics_cycles')
      .where({ tenant_id: tenantId, conversation_id: input.conversationId })
      .whereNotNull('resolved_at')
      .orderBy('cycle', 'desc')
      .first('cycle', 'channel', 'resolver_id', 'site_key');
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
      site_key: cycle.site_key ?? '',
      answered_at: now,
    };
    const saved = await trx('analytics_csat').insert(row).onConflict(['tenant_id', 'conversation_id', 'cycle']).ignore().returning('cycle');
    if (!saved.length) {
      const before = await trx('analytics_csat')
        .where({ tenant_id: tenantId, conversation_id: input.conversationId, cycle: cycle.cycle })
        .first();
      if (before && before.score === row.score && (before.comment ?? null) === row.comment)
        return { answer: answerOf(before), created: false };
      throw AnalyticsErrors.csatAlreadyAnswered(input.conversationId, cycle.cycle);
    }
    await addToRollup(trx, tenantId, [
      {
        hour: hourOf(now),
        channel: row.channel,
        agentId: row.agent_id,
        siteKey: row.site_key,
        counts: { csat_responses: 1, csat_sum: input.score },
      },
    ]);
    const answer = answerOf(row);
    if (opts.append) {
      const conv = await trx('inbox_conversations').where({ tenant_id: tenantId, id: input.conversationId }).first('contact_id');
      const payload: CsatAnsweredPayload = {
        tenantId,
        conversationId: input.conversationId,
        contactId: conv?.contact_id ?? null,
        rating: answer.score,
        comment: answer.comment,
        answeredAt: answer.answeredAt,
      };
      await opts.append(trx, [{ topic: CSAT_ANSWERED, tenantId, key: input.conversationId, payload }]);
    }
    return { answer, created: true };
  });
}

const answerOf = (r: Record<string, any>): CsatAnswer => ({
  conversationId: r.conversation_id,
  cycle: r.cycle,
  score: r.score,
  comment: r.comment ?? null,
  answeredAt: new Date(r.answered_at).toISOString(),
});

/** A conversation's answers, one per rated resolution, oldest first. */
export async function conversationCsat(db: Knex, tenantId: string, conversationId: string): Promise<CsatAnswer[]> {
  const rows = await db('analytics_csat').where({ tenant_id: tenantId, conversation_id: conversationId }).orderBy('cycle');
  return rows.map(answerOf);
}

/**
 * CSAT: answers given in [from, to) (count, mean score 1-5, the count of each score), the surveys
 * sent in [from, to) and their response rate (the share of those surveys answered, whenever).
 */
export async function csat(db: Knex, tenantId: string, r: ReportRange) {
  const answers = (grouped: boolean) => {
    const q = db('analytics_csat').where({ tenant_id: tenantId }).where('answered_at', '>=', r.from).where('answered_at', '<', r.to);
    if (r.channel) q.where({ channel: r.channel });
    if (r.agentId) q.where({ agent_id: r.agentId });
    if (r.siteKey) q.where({ site_key: r.siteKey });
    q.select(
      db.raw('count(*)::int AS responses'),
      db.raw('avg(score) AS average'),
      ...[1, 2, 3, 4, 5].map((s) => db.raw(`(count(*) FILTER (WHERE score = ${s}))::int AS s${s}`)),
    );
    if (grouped)
      q.select(
        db.raw('? AS bucket', [bucketSql(db, r, { time: 'answered_at', channel: 'channel', agent: 'agent_id', siteKey: 'site_key' })]),
      ).groupBy('bucket');
    return q;
  };
  const surveys = (grouped: boolean) => {
    const q = db('analytics_csat_requests as r')
      .leftJoin('analytics_csat as a', (j) =>
        j.on('a.tenant_id', 'r.tenant_id').andOn('a.conversation_id', 'r.conversation_id').andOn('a.cycle', 'r.cycle'),
      )
      .where('r.tenant_id', tenantId)
      .where('r.requested_at', '>=', r.from)
      .where('r.requested_at', '<', r.to);
    if (r.channel) q.where('r.channel', r.channel);
    if (r.agentId) q.where('r.agent_id', r.agentId);
    if (r.siteKey) q.where('r.site_key', r.siteKey);
    q.select(db.raw('count(*)::int AS surveys'), db.raw('count(a.cycle)::int AS answered'));
    if (grouped)
      q.select(
        db.raw('? AS bucket', [
          bucketSql(db, r, { time: 'r.requested_at', channel: 'r.channel', agent: 'r.agent_id', siteKey: 'r.site_key' }),
        ]),
      ).groupBy('bucket');
    return q;
  };
  const stats = (a: Record<string, unknown> | undefined, sent: Record<string, unknown> | undefined) => {
    const surveysSent = Number(sent?.surveys ?? 0);
    return {
      surveys: surveysSent,
      responses: Number(a?.responses ?? 0),
      responseRate: surveysSent ? Number(sent?.answered ?? 0) / surveysSent : null,
      average: a?.average == null ? null : Number(a.average),
      scores: [1, 2, 3, 4, 5].map((s) => Number(a?.[`s${s}`] ?? 0)),
    };
  };
  const [grouped, sent, [total], [sentTotal]] = await Promise.all([answers(true), surveys(true), answers(false), surveys(false)]);
  const sentBy = new Map(sent.map((s) => [String(s.bucket), s]));
  const answerBy = new Map(grouped.map((a) => [String(a.bucket), a]));
  const buckets = [...new Set([...sentBy.keys(), ...answerBy.keys()])].sort();
  return {
    items: buckets.map((b) => ({ bucket: b, ...stats(answerBy.get(b), sentBy.get(b)) })),
    total: stats(total, sentTotal),
  };
}
