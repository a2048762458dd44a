import type { Knex } from 'knex';
import type { PersonalDataHolder, PersonalDataSubject, PluginPersonalData } from '@bacon/sdk';
import { defineModule } from '../kernel/host-module.js';
import { defineService } from '../kernel/service-ref.js';

/** The registry of personal data holders, for the plugins that declare `services: ['personalData']`. */
export const personalDataService = defineService<PluginPersonalData>('personalData');

const NAME = /^[a-z][a-z0-9_]*$/;

/** A registry: holders by unique name, in registration order. */
export function personalDataRegistry(): PluginPersonalData {
  const holders: PersonalDataHolder[] = [];
  return {
    register(holder) {
      if (!NAME.test(holder.name)) throw new Error(`personalData: "${holder.name}" is not a valid holder name`);
      if (holders.some((h) => h.name === holder.name))
        throw new Error(`personalData: a holder named "${holder.name}" is registered already`);
      holders.push(holder);
    },
    holders: () => [...holders],
  };
}

/** The ids the subject's data may be keyed by: the contact's and every holder's refs. */
const ids = (s: PersonalDataSubject) => [s.contactId, ...s.refs];
const like = (id: string) => `%${id.replace(/[\\%_]/g, '\\$&')}%`;

/**
 * What the host itself holds about a contact: audit entries about it, plugin kv entries whose key or
 * value names it (or one of its refs), and durable events keyed by or mentioning it.
 */
export function hostHolders(knex: () => Knex): PersonalDataHolder[] {
  return [
    {
      name: 'audit_log',
      async export(s) {
        const rows = await knex()('audit_log').where({ tenant_id: s.tenantId }).whereIn('target_id', ids(s)).orderBy('created_at');
        return rows.length ? rows : null;
      },
    },
    {
      name: 'plugin_kv',
      async export(s) {
        const rows = await knex()('plugin_kv')
          .where({ tenant_id: s.tenantId })
          .andWhere((w) => {
            for (const id of ids(s)) w.orWhere('key', 'like', like(id)).orWhereRaw('value::text like ?', [like(id)]);
          })
          .orderBy(['plugin_id', 'key']);
        return rows.length ? rows : null;
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
    },
  ];
}

/** Provides `personalData`, with the host's own holders registered first. */
export function personalDataModule() {
  return defineModule({
    name: 'personal-data',
    provides: { personalData: personalDataService },
    async start(services) {
      const registry = personalDataRegistry();
      for (const h of hostHolders(() => services.db.knex)) registry.register(h);
      return { personalData: registry };
    },
  });
}
