import type { Knex } from 'knex';
import { compilePiiPattern, errorResponseSchema, type PluginAudit, type PluginRoutes } from '@bacon/sdk';
import { readComplianceSettings, writeComplianceSettings, type ComplianceSettings } from './compliance-settings.js';
import type { TenantMaskers } from './tenant-maskers.js';
import { requestActor } from './request-actor.js';

const PATTERN = {
  type: 'object',
  required: ['name', 'pattern'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,31}$' },
    pattern: { type: 'string', minLength: 1, maxLength: 200 },
    flags: { type: 'string', pattern: '^[imsu]{0,4}$' },
  },
};

const SETTINGS = {
  type: 'object',
  required: ['maskAtIngest', 'maskExports', 'piiPatterns'],
  additionalProperties: false,
  properties: {
    maskAtIngest: { type: 'boolean' },
    maskExports: { type: 'boolean' },
    piiPatterns: { type: 'array', maxItems: 50, items: PATTERN },
  },
};

const ERROR = errorResponseSchema;

/** `GET` and `PUT /api/v1/compliance/settings`: masking at ingest and in exports, the tenant's patterns. */
export function registerSettingsRoutes(routes: PluginRoutes, deps: { db: Knex; audit: PluginAudit; maskers: TenantMaskers }): void {
  routes.get('/compliance/settings', {
    auth: 'admin',
    summary: "The tenant's PII masking settings",
    tags: ['compliance'],
    schema: { response: { 200: SETTINGS, 401: ERROR, 403: ERROR } },
    handler: async (ctx) => readComplianceSettings(deps.db, requestActor(ctx).tenantId),
  });

  routes.put('/compliance/settings', {
    auth: 'admin',
    summary: 'Masks inbound texts at ingest and transcript exports; adds the tenant’s own PII patterns',
    tags: ['compliance'],
    schema: { body: SETTINGS, response: { 200: SETTINGS, 400: ERROR, 401: ERROR, 403: ERROR } },
    handler: async (ctx) => {
      const { tenantId, actorId, ip } = requestActor(ctx);
      const next = ctx.request.body as ComplianceSettings;
      // A malformed regular expression, or one matching "", is a 400 before anything is stored.
      next.piiPatterns.forEach(compilePiiPattern);
      const before = await readComplianceSettings(deps.db, tenantId);
      await writeComplianceSettings(deps.db, tenantId, next, new Date());
      await deps.maskers.changed(tenantId);
      await deps.audit.record({
        tenantId,
        actorId,
        ip,
        action: 'compliance.settings.updated',
        targetType: 'compliance_settings',
        targetId: tenantId,
        before,
        after: next,
      });
      return next;
    },
  });
}
