import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  maskPii,
  NotFound,
  type ErasureMode,
  type ErasureRequest,
  type PersonalDataHolder,
  type PersonalDataSubject,
  type PluginAudit,
  type PluginBus,
  type PluginEventLog,
} from '@bacon/sdk';
import { ComplianceErrorCatalog } from './errors.js';

/** The durable event (and bus topic) that tells plugins a contact was erased or anonymized. */
export const CONTACT_ERASED = 'contact.erased';

/** One holder's answer as recorded: counts of rows (changed, or that would be), a note, or its failure. */
export interface HolderAnswer {
  holder: string;
  counts: Record<string, number>;
  note?: string;
  error?: string;
}

export interface ErasureReport {
  erasureId?: string;
  contactId: string;
  mode: ErasureMode;
  dryRun: boolean;
  /** `preview` (dry run), `done`, `partial` (a holder failed: ask again), `already_done` (nothing left: a no-op). */
  status: 'preview' | 'done' | 'partial' | 'already_done';
  holders: HolderAnswer[];
}

export interface ErasureDeps {
  db: Knex;
  holders: () => readonly PersonalDataHolder[];
  audit: PluginAudit;
  events: PluginEventLog;
  bus?: PluginBus;
  /** How long a second request waits for a running erasure of the same contact (default 15 s). */
  waitMs?: number;
}

const TABLE = 'compliance_erasures';
const STALE = "interval '10 minutes'";

/** Every holder's answer; a holder that throws is recorded (its message masked) and the others still run. */
async function ask(holders: readonly PersonalDataHolder[], subject: PersonalDataSubject, request: ErasureRequest): Promise<HolderAnswer[]> {
  const answers: HolderAnswer[] = [];
  for (const h of holders) {
    try {
      const a = await h.erase(subject, request);
      answers.push({ holder: h.name, counts: { ...a.counts }, ...(a.note ? { note: maskPii(a.note).slice(0, 500) } : {}) });
    } catch (err) {
      answers.push({ holder: h.name, counts: {}, error: maskPii(String((err as Error)?.message ?? err)).slice(0, 500) });
    }
  }
  return answers;
}

const nothing = (answers: HolderAnswer[]) => answers.every((a) => !a.error && Object.values(a.counts).every((n) => n === 0));

interface ErasureRow {
  id: string;
  mode: ErasureMode;
  status: 'running' | 'done' | 'partial';
  answers: HolderAnswer[] | string;
}

const readErasure = async (db: Knex, tenantId: string, contactId: string) =>
  (await db(TABLE).where({ tenant_id: tenantId, contact_id: contactId }).first()) as ErasureRow | undefined;

const answersOf = (row: ErasureRow): HolderAnswer[] => (typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers);

/** Takes the contact's erasure for this request, unless another one is running (and not stale). */
async function claim(
  db: Knex,
  tenantId: string,
  contactId: string,
  mode: ErasureMode,
  actorId: string | undefined,
): Promise<string | undefined> {
  const res = (await db.raw(
    `insert into ${TABLE} (id, tenant_id, contact_id, mode, status, actor_id, answers, started_at)
     values (?, ?, ?, ?, 'running', ?, '[]', now())
     on conflict (tenant_id, contact_id) do update
       set mode = excluded.mode, status = 'running', actor_id = excluded.actor_id, answers = '[]', started_at = now(), finished_at = null
       where ${TABLE}.status <> 'running' or ${TABLE}.started_at < now() - ${STALE}
     returning id`,
    [randomUUID(), tenantId, contactId, mode, actorId ?? null],
  )) as { rows: { id: string }[] };
  return res.rows[0]?.id;
}

/**
 * `DELETE /api/v1/contacts/:id`: asks every personal data holder to erase (or anonymize) what it keeps
 * about the contact, or only to count it (`dryRun`). Refs (the contact's conversation ids) are gathered
 * from every holder first, so each looks under all of them.
 *
 * Idempotent: when nothing is left and the contact's erasure is recorded, the answer is
 * `already_done` and nothing is written. Two requests at once: the second waits for the first and
 * answers `already_done`. Once done: one durable `contact.erased` event (plugins forward it to their
 * CRM), one audit entry with the holders' answers. Neither carries a personal datum.
 */
export async function eraseContact(
  deps: ErasureDeps,
  req: { tenantId: string; contactId: string; mode: ErasureMode; dryRun: boolean; actorId?: string; ip?: string },
): Promise<ErasureReport> {
  const { tenantId, contactId, mode, dryRun } = req;
  const holders = deps.holders();
  const refs = new Set<string>();
  for (const h of holders) for (const id of (await h.refs?.({ tenantId, contactId })) ?? []) refs.add(id);
  const subject: PersonalDataSubject = { tenantId, contactId, refs: [...refs] };

  const probe = await ask(holders, subject, { mode: 'erase', dryRun: true });
  const pending = mode === 'erase' ? probe : await ask(holders, subject, { mode, dryRun: true });
  const recorded = await readErasure(deps.db, tenantId, contactId);
  if (nothing(probe) && !recorded) throw NotFound('No such contact.', { contactId });
  const report = (status: ErasureReport['status'], answers: HolderAnswer[], erasureId?: string): ErasureReport => ({
    ...(erasureId ? { erasureId } : {}),
    contactId,
    mode,
    dryRun,
    status,
    holders: answers,
  });
  if (dryRun) return report('preview', pending);
  if (nothing(pending) && recorded?.status === 'done') return report('already_done', pending, recorded.id);

  const erasureId = await claim(deps.db, tenantId, contactId, mode, req.actorId);
  if (!erasureId) return waitForOther(deps, tenantId, contactId, report);

  const answers = await ask(holders, subject, { mode, dryRun: false });
  const status = answers.some((a) => a.error) ? 'partial' : 'done';
  const payload = { erasureId, contactId, mode, status, conversationIds: subject.refs };
  await deps.db.transaction(async (trx) => {
    await trx(TABLE)
      .where({ id: erasureId })
      .update({ status, answers: JSON.stringify(answers), finished_at: new Date() });
    await deps.events.append(trx, [{ topic: CONTACT_ERASED, tenantId, key: contactId, payload }]);
  });
  await deps.bus?.publish({ topic: CONTACT_ERASED, tenantId, payload });
  await deps.audit.record({
    tenantId,
    actorId: req.actorId,
    ip: req.ip,
    action: CONTACT_ERASED,
    targetType: 'contact',
    targetId: contactId,
    after: { erasureId, mode, status, holders: answers },
  });
  return report(status, answers, erasureId);
}

/** Another request holds the erasure: wait for it to finish, then answer what it recorded. */
async function waitForOther(
  deps: ErasureDeps,
  tenantId: string,
  contactId: string,
  report: (status: ErasureReport['status'], answers: HolderAnswer[], id?: string) => ErasureReport,
): Promise<ErasureReport> {
  const deadline = Date.now() + (deps.waitMs ?? 15_000);
  while (Date.now() < deadline) {
    const row = await readErasure(deps.db, tenantId, contactId);
    if (row && row.status !== 'running') return report('already_done', answersOf(row), row.id);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw ComplianceErrorCatalog.erasureInProgress({ contactId });
}
