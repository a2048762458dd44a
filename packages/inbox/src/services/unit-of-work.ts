import type { Knex } from 'knex';
import { inTransactionWithRetry, type PluginBus, type PluginLogger } from '@bacon/sdk';
import type { InboxEvent } from '@bacon/inbox-contract';

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
 * dropped connections; publishes the collected events only after the commit, so no consumer ever
 * hears of a change that was rolled back.
 */
export async function inTransaction<T>(deps: { db: Knex; bus?: PluginBus; log?: PluginLogger }, fn: (work: Work) => Promise<T>): Promise<T> {
  let events: InboxEvent[] = [];
  let after: (() => void | Promise<void>)[] = [];
  const result = await inTransactionWithRetry(deps.db, (trx) => {
    events = [];
    after = [];
    return fn({ trx, emit: (e) => events.push(e), afterCommit: (f) => after.push(f) });
  });
  if (deps.bus) {
    for (const e of events) await deps.bus.publish({ topic: e.topic, tenantId: e.tenantId, payload: e.payload, seq: e.seq });
  }
  // The change is committed: a failing follow-up is logged, never reported as a failure of the change.
  for (const f of after) {
    try {
      await f();
    } catch (err) {
      deps.log?.error({ err }, 'inbox: follow-up after commit failed');
    }
  }
  return result;
}
