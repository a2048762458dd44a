import { Readable } from 'node:stream';
import { errorResponseSchema, NotFound, type PluginAudit, type PluginPersonalData, type PluginRoutes } from '@bacon/sdk';
import { bundleJson, collectContactBundle } from './contact-export.js';
import type { TenantMaskers } from './tenant-maskers.js';
import { requestActor } from './request-actor.js';

const ERROR = errorResponseSchema;

/** `GET /api/v1/contacts/:id/export`: the GDPR bundle of everything every holder keeps about a contact. */
export function registerContactRoutes(
  routes: PluginRoutes,
  deps: { personalData: PluginPersonalData; audit: PluginAudit; maskers: TenantMaskers },
): void {
  routes.get('/contacts/:id/export', {
    auth: 'admin',
    summary: 'GDPR export: the contact, its conversations, messages, notes, plugin data, events and audit entries (JSON)',
    tags: ['compliance'],
    produces: 'application/json',
    schema: {
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
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
}
