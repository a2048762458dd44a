import type { Knex } from 'knex';
import type { ErasureAnswer, PersonalDataHolder, PersonalDataSubject, PluginPersonalData, RetentionTarget } from '@bacon/sdk';
import { hostRetentionTargets } from './host-retention-targets.js';
import { scrubEventPayload } from './scrub-event-payload.js';
import { defineModule } from '../kernel/host-module.js';
import { defineService } from '../kernel/service-ref.js';

/** The registry of personal data holders, for the plugins that declare `services: ['personalData']`. */
export const personalDataService = defineService<PluginPersonalData>('personalData');

const NAME = /^[a-z][a-z0-9_]*$/;

/** A registry: holders by unique name, in registration order. */
export function personalDataRegistry(): PluginPersonalData {
  const holders: PersonalDataHolder[] = [];
  const targets: RetentionTarget[] = [];
  return {
    register(holder) {
      if (!NAME.test(holder.name)) throw new Error(`personalData: "${holder.name}" is not a valid holder name`);
      if (holders.some((h) => h.name === holder.name))
        throw new Error(`personalData: a holder named "${holder.name}" is registered already`);
      holders.push(holder);
    },
    holders: () => [...holders],
    addRetentionTarget(target) {
      if (!NAME.test(target.kind)) throw new Error(`personalData: "${target.kind}" is not a valid retention kind`);
      if (targets.some((t) => t.kind === target.kind))
        throw new Error(`personalData: a retention target of kind "${target.kind}" is registered already`);
      targets.push(target);
    },
    retentionTargets: () => [...targets],
  };
}

/** The ids the subject's data may be keyed by: the contact's and every holder's refs. */
const ids = (s: PersonalDataSubject) => [s.contactId, ...s.refs];
const like = (id: string) => `%${id.replace(/[\\%_]/g, '\\$&')}%`;

/** The erasure's own trail (its audit entry, its durable event), which a later erasure must keep. */
const ERASURE_TRAIL = 'contact.erase%';

/** Plugin kv entries whose key or value names one of the subject's ids. */
const kvOf = (db: Knex, s: PersonalDataSubject) =>
  db('plugin_kv')
    .where({ tenant_id: s.tenantId })
    .andWhere((w) => {
      for (const id of ids(s)) w.orWhere('key', 'like', like(id)).orWhereRaw('value::text like ?', [like(id)]);
    });

/** Durable events keyed by or mentioning one of the subject's ids (but not the erasure's own). */
const eventsOf = (db: Knex, s: PersonalDataSubject) =>
  db('host_events')
    .where({ tenant_id: s.tenantId })
    .andWhereNot('topic', 'like', ERASURE_TRAIL)
    .andWhere((w) => {
      w.whereIn('key', ids(s));
      for (const id of ids(s)) w.orWhereRaw('payload::text like ?', [like(id)]);
    });

/**
 * What the host itself holds about a contact: audit entries about it, plugin kv entries whose key or
 * value names it (or one of its refs), and durable events keyed by or mentioning it.
 *
 * Erasure: audit entries are kept (who did what, when) with their before/after scrubbed, in both
 * modes; kv entries are deleted in both modes (a plugin's private copy has no statistics to keep);
 * events are deleted (`erase`) or keep their shape with every text that is not an id, a time or a
 * state replaced (`anonymize`, see scrubEventPayload).
 */
export function hostHolders(knex: () => Knex): PersonalDataHolder[] {
  return [
    {
      name: 'audit_log',
      async export(s) {
        const rows = await knex()('audit_log').where({ tenant_id: s.tenantId }).whereIn('target_id', ids(s)).orderBy('created_at');
        return rows.length ? rows : null;
      },
      async erase(s, { dryRun }): Promise<ErasureAnswer> {
        const scrubbable = (db: Knex) =>
          db('audit_log')
            .where({ tenant_id: s.tenantId })
            .whereIn('target_id', ids(s))
            .andWhereNot('action', 'like', ERASURE_TRAIL)
            .andWhere((w) => w.whereNotNull('before').orWhereNotNull('after'));
        if (dryRun) return { counts: { entries_scrubbed: await count(scrubbable(knex())) } };
        const n = await knex().transaction(async (trx) => {
          await trx.raw("SET LOCAL bacon.audit_purge = 'on'");
          return affected(await scrubbable(trx).update({ before: null, after: null }));
        });
        return { counts: { entries_scrubbed: n } };
      },
    },
    {
      name: 'plugin_kv',
      async export(s) {
        const rows = await kvOf(knex(), s).orderBy(['plugin_id', 'key']);
        return rows.length ? rows : null;
      },
      async erase(s, { dryRun }): Promise<ErasureAnswer> {
        return { counts: { entries: dryRun ? await count(kvOf(knex(), s)) : affected(await kvOf(knex(), s).delete()) } };
      },
    },
    {
      name: 'host_events',
      async export(s) {
        const rows = await knex()('host_events')
          .where({ tenant_id: s.tenantId })
          .andWhere((w) => {
            w.whereIn('key', ids(s));
            for (const id of ids(s)) w.orWhereRaw('payload::text like ?', [like(id)]);
          })
          .orderBy('id');
        return rows.length ? rows : null;
      },
      async erase(s, { mode, dryRun }): Promise<ErasureAnswer> {
        if (mode === 'erase') {
          return { counts: { events: dryRun ? await count(eventsOf(knex(), s)) : affected(await eventsOf(knex(), s).delete()) } };
        }
        // Anonymize: rewrite the payloads that still hold a text to scrub.
        const rows = (await eventsOf(knex(), s).select('id', 'payload')) as { id: string; payload: unknown }[];
        let changed = 0;
        for (const r of rows) {
          const payload = typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : r.payload;
          const scrubbed = scrubEventPayload(payload);
          if (JSON.stringify(scrubbed) === JSON.stringify(payload)) continue;
          changed++;
          if (!dryRun)
            await knex()('host_events')
              .where({ id: r.id })
              .update({ payload: JSON.stringify(scrubbed) });
        }
        return { counts: { events_scrubbed: changed } };
      },
    },
  ];
}

/** Rows a delete or update changed: a number on Postgres, a result object on PGlite. */
const affected = (r: unknown): number => (typeof r === 'number' ? r : Number((r as { rowCount?: number } | undefined)?.rowCount ?? 0));

async function count(q: Knex.QueryBuilder): Promise<number> {
  const row = (await q.clone().clearSelect().clearOrder().count({ n: '*' }).first()) as { n: string | number } | undefined;
  return Number(row?.n ?? 0);
}

/** Provides `personalData`, with the host's own holders and retention targets registered first. */
export function personalDataModule() {
  return defineModule({
    name: 'personal-data',
    provides: { personalData: personalDataService },
    async start(services) {
      const registry = personalDataRegistry();
      for (const h of hostHolders(() => services.db.knex)) registry.register(h);
      for (const t of hostRetentionTargets(() => services.db.knex)) registry.addRetentionTarget(t);
      return { personalData: registry };
    },
  });
}
