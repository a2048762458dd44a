import type { Knex } from 'knex';
import type { DurableEvent } from '@bacon/sdk';
import { AI_DRAFT_FEEDBACK, type AiDraftFeedbackPayload, type AiDraftStats } from '@bacon/analytics-contract';
import { hourOf } from './fold.js';
import { bucketSql, bucketsAndTotal, num, type ReportRange } from './report-query.js';

const OUTCOMES = ['accepted', 'edited', 'rejected'] as const;

/** A feedback event whose payload is usable (a known outcome, a parsable time); others are ignored. */
export function draftFeedbackOf(event: DurableEvent): AiDraftFeedbackPayload | undefined {
  if (event.topic !== AI_DRAFT_FEEDBACK) return undefined;
  const p = event.payload as Partial<AiDraftFeedbackPayload> | null;
  if (!p || typeof p.conversationId !== 'string' || !OUTCOMES.includes(p.outcome as never)) return undefined;
  if (typeof p.at !== 'string' || Number.isNaN(new Date(p.at).getTime())) return undefined;
  return p as AiDraftFeedbackPayload;
}

/**
 * Adds a batch's draft verdicts of one tenant to the hourly AI rollup (one upsert, rows summed
 * first), under the conversation's channel as the facts know it ('unknown' before its first event).
 */
export async function addDraftFeedback(trx: Knex, tenantId: string, feedback: AiDraftFeedbackPayload[]): Promise<void> {
  if (!feedback.length) return;
  const ids = [...new Set(feedback.map((f) => f.conversationId))];
  const channels = new Map<string, string>(
    (
      await trx('analytics_conversations')
        .where({ tenant_id: tenantId })
        .whereIn('conversation_id', ids)
        .select('conversation_id', 'channel')
    ).map((r: { conversation_id: string; channel: string }) => [r.conversation_id, r.channel]),
  );
  const rows = new Map<
    string,
    Record<string, unknown> & { accepted: number; edited: number; rejected: number; edit_distance_count: number; edit_distance_sum: number }
  >();
  for (const f of feedback) {
    const hour = hourOf(new Date(f.at));
    const channel = channels.get(f.conversationId) ?? 'unknown';
    const agentId = typeof f.agentId === 'string' ? f.agentId : '';
    const key = `${hour.getTime()}|${channel}|${agentId}`;
    const row = rows.get(key) ?? {
      tenant_id: tenantId,
      hour,
      channel,
      agent_id: agentId,
      accepted: 0,
      edited: 0,
      rejected: 0,
      edit_distance_count: 0,
      edit_distance_sum: 0,
    };
    row[f.outcome] += 1;
    if (f.outcome === 'edited' && typeof f.editDistance === 'number' && f.editDistance >= 0) {
      row.edit_distance_count += 1;
      row.edit_distance_sum += f.editDistance;
    }
    rows.set(key, row);
  }
  const sorted = [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
  const cols = ['accepted', 'edited', 'rejected', 'edit_distance_count', 'edit_distance_sum'];
  await trx('analytics_ai_drafts_hourly')
    .insert(sorted)
    .onConflict(['tenant_id', 'hour', 'channel', 'agent_id'])
    .merge(Object.fromEntries(cols.map((c) => [c, trx.raw('?? + ??', [`analytics_ai_drafts_hourly.${c}`, `excluded.${c}`])])));
}

/**
 * AI drafts: the verdicts given in [from, to) (whole hours), grouped by local time, channel or agent:
 * accepted as drafted, edited, rejected; acceptance rate = accepted / all verdicts, use rate =
 * (accepted + edited) / all verdicts; the mean edit distance of edited drafts. No site key: the
 * route refuses that filter and grouping.
 */
export async function aiDrafts(db: Knex, tenantId: string, r: ReportRange) {
  const q = db('analytics_ai_drafts_hourly').where({ tenant_id: tenantId }).where('hour', '>=', r.from).where('hour', '<', r.to);
  if (r.channel) q.where({ channel: r.channel });
  if (r.agentId) q.where({ agent_id: r.agentId });
  q.select([...OUTCOMES, 'edit_distance_count', 'edit_distance_sum'].map((c) => db.raw('sum(??) AS ??', [c, c])));
  const bucket = bucketSql(db, r, { time: 'hour', channel: 'channel', agent: 'agent_id', siteKey: null });
  const { rows, total } = await bucketsAndTotal(db, q, bucket);
  const stats = (x: Record<string, unknown>): AiDraftStats => {
    const [accepted, edited, rejected] = OUTCOMES.map((o) => Number(x[o] ?? 0));
    const drafts = accepted! + edited! + rejected!;
    const edits = Number(x.edit_distance_count ?? 0);
    return {
      drafts,
      accepted: accepted!,
      edited: edited!,
      rejected: rejected!,
      acceptanceRate: drafts ? accepted! / drafts : null,
      useRate: drafts ? (accepted! + edited!) / drafts : null,
      meanEditDistance: edits ? num(x.edit_distance_sum)! / edits : null,
    };
  };
  return { items: rows.map((x) => ({ bucket: String(x.bucket), ...stats(x) })), total: stats(total ?? {}) };
}
