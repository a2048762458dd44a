import { Readable } from 'node:stream';
import type { Knex } from 'knex';
import {
  errorResponseSchema,
  NotFound,
  type ErasureMode,
  type PluginAudit,
  type PluginBus,
  type PluginEventLog,
  type PluginPersonalData,
  type PluginRoutes,
} from '@bacon/sdk';
import { eraseContact } from './contact-erasure.js';
import { bundleJson, collectContactBundle } from './contact-export.js';
import type { TenantMaskers } from './tenant-maskers.js';
import { requestActor } from './request-actor.js';

const ERROR = errorResponseSchema;
const CONTACT_ID = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } };

const ERASURE_REPORT = {
  type: 'object',
  required: ['contactId', 'mode', 'dryRun', 'status', 'holders'],
  properties: {
    erasureId: { type: 'string' },
    contactId: { type: 'string' },
    mode: { type: 'string', enum: ['erase', 'anonymize'] },
    dryRun: { type: 'boolean' },
    status: { type: 'string', enum: ['preview', 'done', 'partial', 'already_done'] },
    holders: {
      type: 'array',
      items: {
        type: 'object',
        required: ['holder', 'counts'],
        properties: {
          holder: { type: 'string' },
          counts: { type: 'object', additionalProperties: { type: 'integer' } },
          note: { type: 'string' },
          error: { type: 'string' },
        },
      },
    },
  },
};

/**
 * `GET /api/v1/contacts/:id/export`: the GDPR bundle of everything every holder keeps about a contact.
 * `DELETE /api/v1/contacts/:id`: its erasure (or anonymization), or a dry run of it.
 */
export function registerContactRoutes(
  routes: PluginRoutes,
  deps: { db: Knex; personalData: PluginPersonalData; audit: PluginAudit; maskers: TenantMaskers; events: PluginEventLog; bus?: PluginBus },
): void {
  routes.get('/contacts/:id/export', {
    auth: 'admin',
    summary: 'GDPR export: the contact, its conversations, messages, notes, plugin data, events and audit entries (JSON)',
    tags: ['compliance'],
    produces: 'application/json',
    schema: {
      params: CONTACT_ID,
      query: { type: 'object', additionalProperties: false, properties: { mask: { type: 'boolean', default: false } } },
      response: { 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR },
    },
    handler: async (ctx) => {
      const { tenantId, actorId, ip } = requestActor(ctx);
      const contactId = ctx.params.id!;
      const mask = (ctx.state.query as { mask: boolean }).mask;
      const masker = mask ? (await deps.maskers.get(tenantId)).masker : undefined;
      const bundle = await collectContactBundle(deps.personalData.holders(), { tenantId, contactId }, masker);
      if (!bundle) throw NotFound('No such contact.', { contactId });
      await deps.audit.record({
        tenantId,
        actorId,
        ip,
        action: 'contact.exported',
        targetType: 'contact',
        targetId: contactId,
        after: { sections: Object.keys(bundle.sections), masked: bundle.masked },
      });
      ctx.type = 'application/json; charset=utf-8';
      ctx.set('Content-Disposition', `attachment; filename="contact-${contactId}.json"`);
      ctx.body = Readable.from(bundleJson(bundle));
    },
  });
  routes.delete('/contacts/:id', {
    auth: 'admin',
    summary: "GDPR erasure: every holder erases (or anonymizes) the contact's data; dryRun counts what would go",
    tags: ['compliance'],
    schema: {
      params: CONTACT_ID,
      query: {
        type: 'object',
        additionalProperties: false,
        properties: {
          mode: { type: 'string', enum: ['erase', 'anonymize'], default: 'erase' },
          dryRun: { type: 'boolean', default: false },
        },
      },
      response: { 200: ERASURE_REPORT, 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR },
    },
    handler: async (ctx) => {
      const { tenantId, actorId, ip } = requestActor(ctx);
      const { mode, dryRun } = ctx.state.query as { mode: ErasureMode; dryRun: boolean };
      return eraseContact(
        { db: deps.db, holders: () => deps.personalData.holders(), audit: deps.audit, events: deps.events, bus: deps.bus },
        { tenantId, contactId: ctx.params.id!, mode, dryRun, actorId, ip },
      );
    },
  });
}
