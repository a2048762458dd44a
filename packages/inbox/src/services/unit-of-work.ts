import type { Knex } from 'knex';
import { inTransactionWithRetry, type PluginBus, type PluginEventLog, type PluginLogger } from '@bacon/sdk';
import type { EventCause, InboxEvent } from '@bacon/inbox-contract';

export type { InboxEvent, InboxTopic } from '@bacon/inbox-contract';

/** What a service body receives: the transaction, and a list of events published once it commits. */
export interface Work {
  trx: Knex.Transaction;
  emit(event: InboxEvent): void;
  /** Runs after commit (auto-assignment, metrics). */
  afterCommit(fn: () => void | Promise<void>): void;
}

/**
 * Runs `fn` in one transaction, again from the start on serialization failures, deadlocks and
 * dropped connections. The collected events are appended to the host's durable log last, in the same
 * transaction (one INSERT; the conversation row is locked by then, so per-conversation order is commit
 * order), and published on the live bus only after the commit, so no one hears of a rolled-back change.
 * A `cause` (automation made the change) is carried on every event of the unit as `payload.cause`.
 */
export async function inTransaction<T>(
  deps: { db: Knex; bus?: PluginBus; events?: PluginEventLog; log?: PluginLogger; cause?: EventCause },
  fn: (work: Work) => Promise<T>,
): Promise<T> {
  let events: InboxEvent[] = [];
  let after: (() => void | Promise<void>)[] = [];
  const result = await inTransactionWithRetry(deps.db, async (trx) => {
    events = [];
    after = [];
    const emit = (e: InboxEvent) => events.push(deps.cause ? withCause(e, deps.cause) : e);
    const out = await fn({ trx, emit, afterCommit: (f) => after.push(f) });
    if (deps.events && events.length) await deps.events.append(trx, events.map(toDurable));
    return out;
  });
  await afterCommitted(deps, events, after);
  return result;
}

/**
 * What follows a commit: the events on the live bus, then the follow-ups. Shared by `inTransaction`
 * and the one-statement paths that commit without a unit of work.
 */
export async function afterCommitted(
  deps: { bus?: PluginBus; log?: PluginLogger },
  events: InboxEvent[],
  after: (() => void | Promise<void>)[],
): Promise<void> {
  // Published in order (each publish dispatches locally and issues its Redis command at once), then
  // awaited together: one round trip for the unit's events instead of one each.
  const bus = deps.bus;
  if (bus) await Promise.all(events.map((e) => bus.publish({ topic: e.topic, tenantId: e.tenantId, payload: e.payload, seq: e.seq })));
  // The change is committed: a failing follow-up is logged, never reported as a failure of the change.
  for (const f of after) {
    try {
      await f();
    } catch (err) {
      deps.log?.error({ err }, 'inbox: follow-up after commit failed');
    }
  }
}

/** The event with its cause in the payload. */
function withCause(e: InboxEvent, cause: EventCause): InboxEvent {
  return { ...e, payload: { ...e.payload, cause } } as InboxEvent;
}

/** The log's row for an inbox event: keyed by the conversation, with its sequence number. */
function toDurable(e: InboxEvent) {
  return { topic: e.topic, tenantId: e.tenantId, key: e.payload.conversationId, seq: e.seq, payload: e.payload };
}
