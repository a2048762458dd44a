/**
 * The analytics fold: one conversation's facts, and what one change does to them. The incremental
 * consumer and the rebuild both run it (the consumer on events, the rebuild on the inbox's rows), so
 * the two cannot disagree on a definition. Pure: no I/O. See docs/analytics.md for the definitions.
 */

/** A change of one conversation, as the fold sees it (from an event or from a raw row). */
export type FoldChange =
  | { kind: 'created'; at: Date; channel: string }
  | { kind: 'state'; at: Date; to: string }
  | { kind: 'assignee'; at: Date; agentId: string | null }
  | { kind: 'message'; at: Date; authorKind: string; authorId: string | null; siteKey?: string | null };

/** One cycle: the conversation's life until a close, and again after each reopen. */
export interface Cycle {
  n: number;
  openedAt: Date;
  inboundAt: Date | null;
  firstResponseAt: Date | null;
  responderId: string | null;
  resolvedAt: Date | null;
  resolverId: string | null;
  /** The first cycle of an agent-started conversation: no first response time. */
  excluded: boolean;
  reopened: boolean;
}

export interface ConversationFacts {
  conversationId: string;
  channel: string;
  createdAt: Date;
  startedBy: 'contact' | 'agent' | null;
  /** The widget's site key of a web conversation (from its first visitor message), else null. */
  siteKey: string | null;
  state: string;
  assigneeId: string | null;
  reopens: number;
  cycle: Cycle;
}

/** An hourly rollup increment: the counters to add to one (hour, channel, agent, site key) row. */
export interface RollupDelta {
  hour: Date;
  channel: string;
  agentId: string;
  /** The conversation's site key when the increment happened ('' for none). */
  siteKey: string;
  counts: Partial<Record<RollupCounter, number>>;
}

export type RollupCounter =
  | 'conversations'
  | 'inbound'
  | 'human_replies'
  | 'bot_replies'
  | 'first_responses'
  | 'frt_seconds'
  | 'resolved'
  | 'resolution_seconds'
  | 'reopened'
  | 'assigned'
  | 'csat_responses'
  | 'csat_sum';

export interface FoldResult {
  facts: ConversationFacts;
  /** Cycles written by this change (the current one, and the closed one when a reopen started a new cycle). */
  cycles: Cycle[];
  deltas: RollupDelta[];
}

/** The start of the UTC hour holding `at`. */
export function hourOf(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

const seconds = (from: Date, to: Date) => Math.max(0, (to.getTime() - from.getTime()) / 1000);

function newCycle(n: number, openedAt: Date): Cycle {
  const none = { inboundAt: null, firstResponseAt: null, responderId: null, resolvedAt: null, resolverId: null };
  return { n, openedAt, ...none, excluded: false, reopened: false };
}

/** The facts of a conversation first seen at `at` on `channel`. */
export function startFacts(conversationId: string, channel: string, at: Date): ConversationFacts {
  const facts = { conversationId, channel, createdAt: at, startedBy: null, siteKey: null, state: 'new', assigneeId: null, reopens: 0 };
  return { ...facts, cycle: newCycle(0, at) };
}

/**
 * Applies one change to a conversation's facts (`undefined`: not seen yet). Returns the new facts,
 * the cycle rows to write and the rollup increments; the input is not modified.
 */
export function fold(conversationId: string, before: ConversationFacts | undefined, change: FoldChange): FoldResult {
  const deltas: RollupDelta[] = [];
  const add = (at: Date, agentId: string | null, counts: RollupDelta['counts']) =>
    deltas.push({ hour: hourOf(at), channel: facts.channel, agentId: agentId ?? '', siteKey: facts.siteKey ?? '', counts });
  let facts: ConversationFacts;
  if (!before) {
    facts = startFacts(conversationId, change.kind === 'created' ? change.channel : 'unknown', change.at);
    add(change.at, null, { conversations: 1 });
  } else facts = { ...before, cycle: { ...before.cycle } };
  const cycles: Cycle[] = [];
  const c = facts.cycle;

  switch (change.kind) {
    case 'created':
      break;
    case 'assignee':
      if (change.agentId && change.agentId !== facts.assigneeId) add(change.at, change.agentId, { assigned: 1 });
      facts.assigneeId = change.agentId;
      break;
    case 'state': {
      const wasClosed = facts.state === 'closed';
      const closes = change.to === 'closed';
      facts.state = change.to;
      if (closes && !wasClosed) {
        c.resolvedAt = change.at;
        c.resolverId = facts.assigneeId;
        add(change.at, c.resolverId, { resolved: 1, resolution_seconds: seconds(c.openedAt, change.at) });
      } else if (wasClosed && !closes) {
        // A reopen: the closed cycle keeps its resolution, a new cycle starts now.
        c.reopened = true;
        cycles.push(c);
        add(change.at, c.resolverId, { reopened: 1 });
        facts.reopens += 1;
        facts.cycle = newCycle(c.n + 1, change.at);
      }
      break;
    }
    case 'message':
      foldMessage(facts, change, add);
      break;
  }
  cycles.push(facts.cycle);
  return { facts, cycles, deltas };
}

function foldMessage(
  facts: ConversationFacts,
  m: Extract<FoldChange, { kind: 'message' }>,
  add: (at: Date, agentId: string | null, counts: RollupDelta['counts']) => void,
): void {
  const c = facts.cycle;
  if (m.authorKind === 'contact') {
    if (!facts.startedBy) facts.startedBy = 'contact';
    if (!facts.siteKey && m.siteKey) {
      // The site key is learned from the first visitor message: the new conversation moves under it.
      add(facts.createdAt, null, { conversations: -1 });
      facts.siteKey = m.siteKey;
      add(facts.createdAt, null, { conversations: 1 });
    }
    if (!c.inboundAt) c.inboundAt = m.at;
    add(m.at, facts.assigneeId, { inbound: 1 });
  } else if (m.authorKind === 'agent') {
    if (!facts.startedBy) {
      facts.startedBy = 'agent';
      if (c.n === 0) c.excluded = true;
    }
    const counts: RollupDelta['counts'] = { human_replies: 1 };
    if (c.inboundAt && !c.firstResponseAt && !c.excluded) {
      c.firstResponseAt = m.at;
      c.responderId = m.authorId;
      Object.assign(counts, { first_responses: 1, frt_seconds: seconds(c.inboundAt, m.at) });
    }
    add(m.at, m.authorId, counts);
  } else if (m.authorKind === 'bot') {
    add(m.at, null, { bot_replies: 1 });
  }
  // system messages (and anything else) change nothing.
}
