import { lockDueSnoozed } from '../repositories/conversations.js';
import type { Conversation } from '@bacon/inbox-contract';
import { applyTransition } from './apply-transition.js';
import type { InboxDeps } from './deps.js';
import { reopenTarget } from './transitions.js';
import { inTransaction } from './unit-of-work.js';

/**
 * Wakes every snoozed conversation due at `now` to its previous queue (its agent's when it kept one).
 * The durable job calls it at each snooze's `until`; it only wakes what is due, so an early, late or
 * repeated job is harmless. Returns the woken conversations.
 */
export async function wakeSnoozed(deps: InboxDeps, now: Date = new Date()): Promise<Conversation[]> {
  const woken: Conversation[] = [];
  for (;;) {
    const batch = await inTransaction(deps, async (work) => {
      const due = await lockDueSnoozed(work.trx, now, 100);
      const out: Conversation[] = [];
      for (const conv of due) {
        out.push(
          await applyTransition(work, deps, conv, reopenTarget(conv.assigneeId), { actor: { kind: 'system' }, now, action: 'wake' }),
        );
      }
      return out;
    });
    woken.push(...batch);
    if (batch.length < 100) return woken;
  }
}
