import type { Knex } from 'knex';
import type { Conversation, ConversationListItem, ConversationState, ConversationView, Priority } from '@bacon/inbox-contract';
import { iso, isoOrNull, likePattern, textArray } from './rows.js';
import { toContact } from './contacts.js';
import { UNREAD_SQL } from './read-markers.js';

const TABLE = 'inbox_conversations';

export function toConversation(r: Record<string, unknown>): Conversation {
  return {
    id: r.id as string,
    tenantId: r.tenant_id as string,
    contactId: r.contact_id as string,
    channel: r.channel as string,
    externalId: (r.external_id as string | null) ?? null,
    state: r.state as ConversationState,
    assigneeId: (r.assignee_id as string | null) ?? null,
    priority: r.priority as Priority,
    subject: (r.subject as string | null) ?? null,
    tags: textArray(r.tags),
    snoozedUntil: isoOrNull(r.snoozed_until),
    waitingSince: isoOrNull(r.waiting_since),
    firstInboundAt: isoOrNull(r.first_inbound_at),
    firstResponseAt: isoOrNull(r.first_response_at),
    lastMessageAt: isoOrNull(r.last_message_at),
    closedAt: isoOrNull(r.closed_at),
    lastSeq: Number(r.last_seq),
    preview: (r.preview as string | null) ?? null,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
  };
}

export interface NewConversation {
  id: string;
  tenantId: string;
  contactId: string;
  channel: string;
  externalId: string | null;
  subject?: string | null;
  now: Date;
}

/** Inserts a conversation; with an external id, an existing mapping wins (returns undefined then). */
export async function insertConversation(db: Knex, c: NewConversation): Promise<Conversation | undefined> {
  const q = db(TABLE).insert({
    id: c.id,
    tenant_id: c.tenantId,
    contact_id: c.contactId,
    channel: c.channel,
    external_id: c.externalId,
    subject: c.subject ?? null,
    state: 'new',
    created_at: c.now,
    updated_at: c.now,
  });
  const rows = c.externalId
    ? await q.onConflict(db.raw('(tenant_id, channel, external_id) WHERE external_id IS NOT NULL')).ignore().returning('*')
    : await q.returning('*');
  return rows[0] ? toConversation(rows[0]) : undefined;
}

export async function findConversation(
  db: Knex,
  tenantId: string,
  id: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Conversation | undefined> {
  const q = db(TABLE).where({ tenant_id: tenantId, id }).first();
  const row = await (opts.forUpdate ? q.forUpdate() : q);
  return row ? toConversation(row) : undefined;
}

export async function findConversationByExternalId(
  db: Knex,
  tenantId: string,
  channel: string,
  externalId: string,
  opts: { forUpdate?: boolean } = {},
): Promise<Conversation | undefined> {
  const q = db(TABLE).where({ tenant_id: tenantId, channel, external_id: externalId }).first();
  const row = await (opts.forUpdate ? q.forUpdate() : q);
  return row ? toConversation(row) : undefined;
}

export type ConversationPatch = Partial<{
  state: ConversationState;
  assignee_id: string | null;
  priority: Priority;
  subject: string | null;
  tags: string[];
  snoozed_until: Date | null;
  waiting_since: Date | null;
  first_inbound_at: Date | null;
  first_response_at: Date | null;
  last_message_at: Date | null;
  closed_at: Date | null;
  preview: string | null;
}>;

export async function updateConversation(
  db: Knex,
  tenantId: string,
  id: string,
  patch: ConversationPatch,
  now: Date,
): Promise<Conversation> {
  const [row] = await db(TABLE)
    .where({ tenant_id: tenantId, id })
    .update({ ...patch, updated_at: now })
    .returning('*');
  return toConversation(row);
}

/**
 * The round-robin claim in one statement (it runs under the tenant's assignment lock, so it is kept
 * to one round trip): compare-and-set the assignee of an unassigned open conversation, move the
 * tenant's cursor, and write the history and audit rows. Undefined when the conversation was taken.
 */
export async function claimUnassigned(
  db: Knex,
  c: {
    tenantId: string;
    conversationId: string;
    agentId: string;
    strategy: string;
    actorKind: string;
    actorId: string | null;
    historyId: string;
    auditId: string;
    now: Date;
  },
): Promise<Conversation | undefined> {
  const details = JSON.stringify({ agentId: c.agentId, previousAgentId: null, strategy: c.strategy });
  const { rows } = (await db.raw(
    `WITH claimed AS (
       UPDATE inbox_conversations SET assignee_id = :agentId, state = 'assigned', updated_at = :now
        WHERE tenant_id = :tenantId AND id = :conversationId AND assignee_id IS NULL AND state = 'new'
       RETURNING *),
     moved AS (
       INSERT INTO inbox_round_robin (tenant_id, last_agent_id, updated_at)
       SELECT tenant_id, assignee_id, :now FROM claimed
       ON CONFLICT (tenant_id) DO UPDATE SET last_agent_id = EXCLUDED.last_agent_id, updated_at = EXCLUDED.updated_at),
     history AS (
       INSERT INTO inbox_assignments (id, tenant_id, conversation_id, agent_id, previous_agent_id, strategy, actor_id, created_at)
       SELECT :historyId, tenant_id, id, assignee_id, NULL, :strategy, :actorId, :now FROM claimed),
     audit AS (
       INSERT INTO inbox_audit_log (id, tenant_id, conversation_id, action, from_state, to_state, actor_kind, actor_id, details, created_at)
       SELECT :auditId, tenant_id, id, 'assign', 'new', 'assigned', :actorKind, :actorId, :details::jsonb, :now FROM claimed)
     SELECT * FROM claimed`,
    { ...c, details },
  )) as { rows: Record<string, unknown>[] };
  return rows[0] ? toConversation(rows[0]) : undefined;
}

/** Hands out the next message sequence number; the row lock it takes keeps numbers gap-free and in commit order. */
export async function nextSeq(db: Knex, tenantId: string, id: string): Promise<number> {
  const [row] = await db(TABLE).where({ tenant_id: tenantId, id }).increment('last_seq', 1).returning('last_seq');
  return Number((row as { last_seq: number }).last_seq);
}

/** The unassigned conversation waiting longest, locked; rows another claimer holds are skipped. */
export async function lockLongestWaiting(db: Knex, tenantId: string): Promise<Conversation | undefined> {
  const row = await db(TABLE)
    .where({ tenant_id: tenantId, state: 'new' })
    .whereNull('assignee_id')
    .orderByRaw('waiting_since ASC NULLS LAST, created_at ASC, id ASC')
    .first()
    .forUpdate()
    .skipLocked();
  return row ? toConversation(row) : undefined;
}

/** Snoozed conversations due at `now`, locked (skipping rows another waker holds). */
export async function lockDueSnoozed(db: Knex, now: Date, limit: number): Promise<Conversation[]> {
  const rows = await db(TABLE)
    .where({ state: 'snoozed' })
    .where('snoozed_until', '<=', now)
    .orderBy('snoozed_until')
    .limit(limit)
    .forUpdate()
    .skipLocked();
  return rows.map(toConversation);
}

export async function countByState(db: Knex): Promise<Record<ConversationState, number>> {
  const out: Record<ConversationState, number> = { new: 0, assigned: 0, snoozed: 0, closed: 0 };
  const rows = await db(TABLE).select('state').count({ n: '*' }).groupBy('state');
  for (const r of rows as { state: ConversationState; n: string | number }[]) out[r.state] = Number(r.n);
  return out;
}

/** Closed conversations closed before `before`, locked for retention (rows another run holds are skipped). */
export async function lockExpiredClosed(
  db: Knex,
  tenantId: string,
  before: Date,
  opts: { skipAnonymized: boolean; limit: number },
): Promise<{ id: string; contactId: string }[]> {
  const q = db(TABLE)
    .where({ tenant_id: tenantId, state: 'closed' })
    .where('closed_at', '<', before)
    .orderBy('closed_at')
    .limit(opts.limit)
    .forUpdate()
    .skipLocked();
  if (opts.skipAnonymized) q.whereNull('anonymized_at');
  const rows = (await q.select('id', 'contact_id')) as { id: string; contact_id: string }[];
  return rows.map((r) => ({ id: r.id, contactId: r.contact_id }));
}

export async function markAnonymized(db: Knex, tenantId: string, ids: string[], now: Date): Promise<void> {
  await db(TABLE).where({ tenant_id: tenantId }).whereIn('id', ids).update({ subject: null, preview: null, anonymized_at: now });
}

export async function deleteConversations(db: Knex, tenantId: string, ids: string[]): Promise<number> {
  if (!ids.length) return 0;
  return db(TABLE).where({ tenant_id: tenantId }).whereIn('id', ids).delete();
}

export interface ConversationFilter {
  /** The agent whose unread counts the items carry. */
  reader?: string;
  /** A view for agent `me` (see `conversationInView` in the contract: the same rules). */
  view?: { id: ConversationView; me: string };
  state?: ConversationState;
  /** An agent id, or null for unassigned. */
  assigneeId?: string | null;
  priority?: Priority;
  tag?: string;
  channel?: string;
  contactId?: string;
  search?: string;
}

export type ConversationSort = 'updated' | 'created' | 'priority';

export interface PageRequest<C> {
  limit: number;
  order: 'asc' | 'desc';
  after?: C;
}

export interface ConversationCursor {
  at: string;
  id: string;
  /** The priority rank, when sorted by priority. */
  rank?: number;
}

/** A priority's rank in SQL: 0 (none) to 4 (urgent), as `priorityRank` in the contract. */
const RANK_SQL = `(CASE c.priority WHEN 'urgent' THEN 4 WHEN 'high' THEN 3 WHEN 'medium' THEN 2 WHEN 'low' THEN 1 ELSE 0 END)`;

/** The SQL of a view for agent `me` (alias `c`): the same rules as `conversationInView`. */
export function viewWhere(view: ConversationView, me: string): { sql: string; bindings: string[] } {
  switch (view) {
    case 'new':
      return { sql: `c.state = 'new'`, bindings: [] };
    case 'mine':
      return { sql: `c.state <> 'closed' AND c.assignee_id = ?`, bindings: [me] };
    case 'unassigned':
      return { sql: `c.state <> 'closed' AND c.assignee_id IS NULL`, bindings: [] };
    case 'all':
      return { sql: `c.state <> 'closed'`, bindings: [] };
    case 'snoozed':
      return { sql: `c.state = 'snoozed'`, bindings: [] };
    case 'closed':
      return { sql: `c.state = 'closed'`, bindings: [] };
  }
}

/**
 * How many conversations each view holds for agent `me`, and how many of those hold messages `me`
 * has not read, in one scan of the tenant's conversations (joined to `me`'s read markers).
 */
export async function countViews(
  db: Knex,
  tenantId: string,
  me: string,
  views: readonly ConversationView[],
): Promise<Record<ConversationView, { count: number; unread: number }>> {
  const parts = views.map((v) => viewWhere(v, me));
  const unread = `c.last_seq > COALESCE(r.last_read_seq, 0)`;
  const select = parts
    .map((p, i) => `count(*) FILTER (WHERE ${p.sql}) AS v${i}, count(*) FILTER (WHERE ${p.sql} AND ${unread}) AS u${i}`)
    .join(', ');
  const { rows } = (await db.raw(
    `SELECT ${select} FROM inbox_conversations c
       LEFT JOIN inbox_read_markers r ON r.tenant_id = c.tenant_id AND r.user_id = ? AND r.conversation_id = c.id
      WHERE c.tenant_id = ?`,
    [...parts.flatMap((p) => [...p.bindings, ...p.bindings]), me, tenantId],
  )) as { rows: Record<string, string | number>[] };
  return Object.fromEntries(
    views.map((v, i) => [v, { count: Number(rows[0]?.[`v${i}`] ?? 0), unread: Number(rows[0]?.[`u${i}`] ?? 0) }]),
  ) as Record<ConversationView, { count: number; unread: number }>;
}

/**
 * Keyset pagination over (sort column, id), or (priority rank, updated_at, id) when sorted by
 * priority: stable, no offsets. Fetches limit + 1 to know if there is more. Each item carries its contact.
 */
export async function listConversations(
  db: Knex,
  tenantId: string,
  filter: ConversationFilter,
  sort: ConversationSort,
  page: PageRequest<ConversationCursor>,
): Promise<{ items: ConversationListItem[]; next?: ConversationCursor }> {
  const column = sort === 'created' ? 'c.created_at' : 'c.updated_at';
  const q = db(`${TABLE} as c`)
    .select(
      'c.*',
      db.raw(`${RANK_SQL} AS priority_rank`),
      db.raw('to_jsonb(ct.*) AS contact_row'),
      ...(filter.reader ? [db.raw(`${UNREAD_SQL} AS unread_count`, [filter.reader])] : []),
    )
    .leftJoin('inbox_contacts as ct', function () {
      this.on('ct.id', 'c.contact_id').andOn('ct.tenant_id', 'c.tenant_id');
    })
    .where('c.tenant_id', tenantId);
  if (filter.view) {
    const w = viewWhere(filter.view.id, filter.view.me);
    q.whereRaw(w.sql, w.bindings);
  }
  if (filter.state) q.where('c.state', filter.state);
  if (filter.assigneeId === null) q.whereNull('c.assignee_id');
  else if (filter.assigneeId) q.where('c.assignee_id', filter.assigneeId);
  if (filter.priority) q.where('c.priority', filter.priority);
  if (filter.tag) q.whereRaw('? = ANY(c.tags)', [filter.tag]);
  if (filter.channel) q.where('c.channel', filter.channel);
  if (filter.contactId) q.where('c.contact_id', filter.contactId);
  if (filter.search) {
    const p = likePattern(filter.search);
    q.where((w) => {
      w.where('c.subject', 'ilike', p)
        .orWhere('c.preview', 'ilike', p)
        .orWhereExists(
          db('inbox_contacts as ct2')
            .whereRaw('ct2.id = c.contact_id')
            .andWhere((x) => x.where('ct2.name', 'ilike', p).orWhere('ct2.email', 'ilike', p)),
        )
        .orWhereExists(db('inbox_messages as m').whereRaw('m.conversation_id = c.id').andWhere('m.body', 'ilike', p));
    });
  }
  const cmp = page.order === 'desc' ? '<' : '>';
  const byPriority = sort === 'priority';
  if (page.after && byPriority)
    q.whereRaw(`(${RANK_SQL}, ${column}, c.id) ${cmp} (?, ?, ?)`, [page.after.rank ?? 0, new Date(page.after.at), page.after.id]);
  else if (page.after) q.whereRaw(`(${column}, c.id) ${cmp} (?, ?)`, [new Date(page.after.at), page.after.id]);
  if (byPriority) q.orderByRaw(`${RANK_SQL} ${page.order}`);
  const rows = await q
    .orderBy([
      { column, order: page.order },
      { column: 'c.id', order: page.order },
    ])
    .limit(page.limit + 1);
  const items = rows.slice(0, page.limit).map((r: Record<string, unknown>) => ({
    ...toConversation(r),
    contact: r.contact_row
      ? toContact(typeof r.contact_row === 'string' ? JSON.parse(r.contact_row) : (r.contact_row as Record<string, unknown>))
      : null,
    ...(r.unread_count !== undefined ? { unreadCount: Number(r.unread_count) } : {}),
  }));
  const last = items.at(-1);
  const lastRow = rows[page.limit - 1] as Record<string, unknown> | undefined;
  const next =
    rows.length > page.limit && last
      ? {
          at: sort === 'created' ? last.createdAt : last.updatedAt,
          id: last.id,
          ...(byPriority ? { rank: Number(lastRow?.priority_rank ?? 0) } : {}),
        }
      : undefined;
  return { items, next };
}
