import { errorResponseSchema, type PluginAudit, type PluginRoutes } from '@bacon/sdk';
import {
  applyRetention,
  checkPolicies,
  previewRetention,
  readPolicies,
  writePolicies,
  type RetentionDeps,
  type RetentionPolicy,
} from './retention-policies.js';
import { requestActor } from './request-actor.js';

const ERROR = errorResponseSchema;
const POLICY = {
  type: 'object',
  required: ['kind', 'days', 'mode'],
  additionalProperties: false,
  properties: {
    kind: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 64 },
    days: { type: 'integer', minimum: 1, maximum: 36500 },
    mode: { type: 'string', enum: ['delete', 'anonymize'] },
  },
};
const POLICIES = {
  type: 'object',
  required: ['policies'],
  additionalProperties: false,
  properties: { policies: { type: 'array', maxItems: 50, items: POLICY } },
};
const SETTINGS = {
  type: 'object',
  required: ['policies', 'kinds'],
  properties: {
    policies: { type: 'array', items: POLICY },
    kinds: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'description', 'modes'],
        properties: { kind: { type: 'string' }, description: { type: 'string' }, modes: { type: 'array', items: { type: 'string' } } },
      },
    },
  },
};
const COUNTS = {
  type: 'object',
  required: ['policies'],
  properties: {
    policies: {
      type: 'array',
      items: {
        type: 'object',
        required: ['kind', 'days', 'mode', 'before', 'rows'],
        properties: { ...POLICY.properties, before: { type: 'string' }, rows: { type: 'integer' } },
      },
    },
  },
};

/**
 * `/api/v1/compliance/retention`: the tenant's policies (GET, PUT), the kinds its installed plugins
 * offer, a preview of what they would change now, and a run now. Changes and runs are audited.
 */
export function registerRetentionRoutes(routes: PluginRoutes, deps: RetentionDeps & { audit: PluginAudit; now?: () => Date }): void {
  const now = () => deps.now?.() ?? new Date();
  const settingsOf = async (tenantId: string) => ({
    policies: await readPolicies(deps.db, tenantId),
    kinds: deps.targets().map((t) => ({ kind: t.kind, description: t.description, modes: [...t.modes] })),
  });

  routes.get('/compliance/retention', {
    auth: 'admin',
    summary: "The tenant's retention policies and the kinds of data they can cover",
    tags: ['compliance'],
    schema: { response: { 200: SETTINGS, 401: ERROR, 403: ERROR } },
    handler: async (ctx) => settingsOf(requestActor(ctx).tenantId),
  });

  routes.put('/compliance/retention', {
    auth: 'admin',
    summary: "Replaces the tenant's retention policies (delete or anonymize each kind after N days)",
    tags: ['compliance'],
    schema: { body: POLICIES, response: { 200: SETTINGS, 400: ERROR, 401: ERROR, 403: ERROR } },
    handler: async (ctx) => {
      const { tenantId, actorId, ip } = requestActor(ctx);
      const { policies } = ctx.request.body as { policies: RetentionPolicy[] };
      checkPolicies(deps.targets(), policies);
      const before = await readPolicies(deps.db, tenantId);
      await writePolicies(deps.db, tenantId, policies, now());
      await deps.audit.record({
        tenantId,
        actorId,
        ip,
        action: 'compliance.retention.updated',
        targetType: 'retention_policies',
        targetId: tenantId,
        before,
        after: policies,
      });
      return settingsOf(tenantId);
    },
  });

  routes.get('/compliance/retention/preview', {
    auth: 'admin',
    summary: "Rows the tenant's retention policies would delete or anonymize now, per policy",
    tags: ['compliance'],
    schema: { response: { 200: COUNTS, 401: ERROR, 403: ERROR } },
    handler: async (ctx) => ({ policies: await previewRetention(deps, requestActor(ctx).tenantId, now()) }),
  });

  routes.post('/compliance/retention/run', {
    auth: 'admin',
    summary: "Applies the tenant's retention policies now (the daily job does the same)",
    tags: ['compliance'],
    schema: { response: { 200: COUNTS, 401: ERROR, 403: ERROR } },
    handler: async (ctx) => {
      const { tenantId, actorId, ip } = requestActor(ctx);
      const policies = await applyRetention(deps, tenantId, now());
      await deps.audit.record({
        tenantId,
        actorId,
        ip,
        action: 'compliance.retention.applied',
        targetType: 'retention_policies',
        targetId: tenantId,
        after: policies,
      });
      return { policies };
    },
  });
}
