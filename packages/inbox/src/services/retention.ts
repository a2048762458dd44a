import { anonymizeContacts } from '../repositories/contacts.js';
import { deleteConversations, lockExpiredClosed, markAnonymized } from '../repositories/conversations.js';
import { anonymizeMessages } from '../repositories/messages.js';
import { anonymizeNotes } from '../repositories/notes.js';
import { getSettings, listRetentionSettings } from '../repositories/settings.js';
import { claimJobRun } from '../repositories/job-runs.js';
import { RETENTION_QUEUE, type InboxDeps } from './deps.js';
import { inTransaction } from './unit-of-work.js';

const BATCH = 500;
const DAY_MS = 86_400_000;

/**
 * Applies a tenant's retention policy: closed conversations closed more than `retentionDays` ago are
 * deleted (with their messages, notes and history) or anonymized (texts blanked, contact data
 * removed). Returns how many conversations it handled.
 */
export async function applyRetention(deps: InboxDeps, tenantId: string, now: Date = new Date()): Promise<number> {
  const settings = await getSettings(deps.db, tenantId);
  if (settings.retentionDays === null) return 0;
  const cutoff = new Date(now.getTime() - settings.retentionDays * DAY_MS);
  let handled = 0;
  for (;;) {
    const n = await inTransaction({ db: deps.db }, async ({ trx }) => {
      const rows = await lockExpiredClosed(trx, tenantId, cutoff, { skipAnonymized: settings.retentionMode === 'anonymize', limit: BATCH });
      const ids = rows.map((r) => r.id);
      if (settings.retentionMode === 'delete') {
        await deleteConversations(trx, tenantId, ids);
      } else if (ids.length) {
        await anonymizeMessages(trx, tenantId, ids);
        await anonymizeNotes(trx, tenantId, ids);
        await anonymizeContacts(trx, tenantId, [...new Set(rows.map((r) => r.contactId))], now);
        await markAnonymized(trx, tenantId, ids, now);
      }
      return ids.length;
    });
    handled += n;
    if (n < BATCH) return handled;
  }
}

/**
 * The daily retention job: every tenant with a policy. Retention is idempotent, so a second job on
 * the same day is harmless; only the first of the day schedules tomorrow's (one chain per cluster,
 * however many hosts booted and queued one).
 */
export async function runDailyRetention(deps: InboxDeps, now: Date = new Date()): Promise<{ handled: number; scheduled: boolean }> {
  let handled = 0;
  for (const s of await listRetentionSettings(deps.db)) handled += await applyRetention(deps, s.tenantId, now);
  const first = await claimJobRun(deps.db, RETENTION_QUEUE, now.toISOString().slice(0, 10), now);
  if (first && deps.jobs) {
    const tomorrow = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 3, 0, 0);
    await deps.jobs.send(RETENTION_QUEUE, {}, { startAfter: new Date(tomorrow), retryLimit: 5, retryBackoff: true });
  }
  return { handled, scheduled: first };
}
