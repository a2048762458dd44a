import type { Knex } from 'knex';
import type { EnricherDef } from '@bacon/sdk';
import { fromJson } from './flows.js';

/**
 * Automation's enricher: what flows' `ai_context` steps found out about a conversation, one entry
 * per title. The AI assist reads every plugin's enrichers into its prompt, and the contact panel
 * shows them, so a flow's findings reach both without either knowing flows.
 */
export function flowContextEnricher(db: () => Knex | undefined): EnricherDef {
  return {
    title: 'Automation: what flows found out',
    run: async (input) => {
      const knex = db();
      // Null when no flow recorded anything: the AI assist and the contact panel then leave it out.
      if (!knex || !input.conversationId) return null;
      const rows = (await knex('automation_flow_context')
        .where({ tenant_id: input.tenantId, conversation_id: input.conversationId })
        .orderBy('updated_at')) as { title: string; data: unknown; updated_at: Date | string }[];
      if (!rows.length) return null;
      return { items: rows.map((r) => ({ title: r.title, data: fromJson(r.data), at: new Date(r.updated_at).toISOString() })) };
    },
  };
}
