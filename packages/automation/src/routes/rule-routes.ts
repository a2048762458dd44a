import { Unauthorized, type HttpContext, type MessageComponentRegistry, type PluginJobs, type PluginRoutes } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import type { Knex } from 'knex';
import type { RuleDefinition } from '../rule-schema.js';
import { createRule, deleteRule, getRule, listRules, updateRule, type Rule } from '../services/rules.js';
import { checkDefinition, publicDefinition } from '../services/check-definition.js';
import { checkComponents } from '../services/check-components.js';
import { listEvaluations } from '../services/evaluations.js';
import { dryRun } from '../services/dry-run.js';
import type { RuleCache } from '../services/rule-cache.js';
import { armSchedules } from '../services/schedules.js';
import { dryRunSchema, errors, evaluationSchema, idParams, ruleFields, ruleSchema } from './schemas.js';

export interface RuleRouteDeps {
  db: Knex;
  rules: RuleCache;
  inbox: Pick<InboxApi, 'getConversation' | 'exportTranscript' | 'listMessagesSince'>;
  jobs: Pick<PluginJobs, 'send'>;
  /** The rich message types a send-message action's components are checked against. */
  components: Pick<MessageComponentRegistry, 'problems'>;
}

function caller(ctx: HttpContext): { tenantId: string; userId: string } {
  const user = ctx.state.user;
  const tenantId = ctx.state.tenantId ?? user?.tenantId;
  if (!user || !tenantId) throw Unauthorized('Authentication required.');
  return { tenantId, userId: user.id };
}

const view = ({ tenantId: _t, ...r }: Rule) => ({ ...r, definition: publicDefinition(r.definition) });
const tags = ['automation'];
const conversationBody = {
  type: 'object',
  additionalProperties: false,
  required: ['conversationId'],
  properties: { conversationId: { type: 'string', format: 'uuid' } },
};

/** Admin CRUD of automation rules, their evaluation history and dry runs. */
export function ruleRoutes(routes: PluginRoutes, deps: RuleRouteDeps): void {
  routes.get('/automation-rules', {
    auth: 'admin',
    summary: 'List automation rules',
    tags,
    schema: {
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: ruleSchema } } }, ...errors },
    },
    handler: async (ctx) => ({ items: (await listRules(deps.db, caller(ctx).tenantId)).map(view) }),
  });

  routes.post('/automation-rules', {
    auth: 'admin',
    summary: 'Create an automation rule (version 1)',
    tags,
    schema: {
      body: { type: 'object', additionalProperties: false, required: ['name', 'definition'], properties: ruleFields },
      response: { 201: ruleSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, userId } = caller(ctx);
      const body = ctx.request.body as { name: string; enabled?: boolean; definition: RuleDefinition };
      checkComponents(body.definition, deps.components);
      const rule = await createRule(deps.db, {
        tenantId,
        name: body.name,
        enabled: body.enabled,
        definition: body.definition,
        createdBy: userId,
      });
      await armSchedules(deps, rule);
      await deps.rules.changed(tenantId);
      ctx.status = 201;
      return view(rule);
    },
  });

  routes.post('/automation-rules/dry-run', {
    auth: 'admin',
    summary: 'Try an unsaved rule definition against a past conversation (no effects)',
    tags,
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['conversationId', 'definition'],
        properties: { ...conversationBody.properties, definition: ruleFields.definition },
      },
      response: { 200: dryRunSchema, ...errors },
    },
    handler: async (ctx) => {
      const body = ctx.request.body as { conversationId: string; definition: RuleDefinition };
      checkComponents(body.definition, deps.components);
      return dryRun(deps.inbox, caller(ctx).tenantId, { definition: checkDefinition(body.definition) }, body.conversationId);
    },
  });

  routes.get('/automation-rules/:id', {
    auth: 'admin',
    summary: 'One automation rule',
    tags,
    schema: { params: idParams, response: { 200: ruleSchema, ...errors } },
    handler: async (ctx) => view(await getRule(deps.db, caller(ctx).tenantId, ctx.params.id!)),
  });

  routes.patch('/automation-rules/:id', {
    auth: 'admin',
    summary: 'Change an automation rule (a new name or definition makes a new version)',
    tags,
    schema: {
      params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: ruleFields },
      response: { 200: ruleSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, userId } = caller(ctx);
      const patch = ctx.request.body as Parameters<typeof updateRule>[3];
      checkComponents(patch.definition, deps.components);
      const rule = await updateRule(deps.db, tenantId, ctx.params.id!, patch, userId);
      await armSchedules(deps, rule);
      await deps.rules.changed(tenantId);
      return view(rule);
    },
  });

  routes.delete('/automation-rules/:id', {
    auth: 'admin',
    summary: 'Delete an automation rule and its history',
    tags,
    schema: { params: idParams, response: { 204: {}, ...errors } },
    handler: async (ctx) => {
      const { tenantId } = caller(ctx);
      await deleteRule(deps.db, tenantId, ctx.params.id!);
      await deps.rules.changed(tenantId);
      ctx.status = 204;
    },
  });

  routes.get('/automation-rules/:id/evaluations', {
    auth: 'admin',
    summary: 'The evaluations of a rule that fired, newest first',
    tags,
    schema: {
      params: idParams,
      query: {
        type: 'object',
        additionalProperties: false,
        properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
      },
      response: {
        200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: evaluationSchema } } },
        ...errors,
      },
    },
    handler: async (ctx) => {
      const { tenantId } = caller(ctx);
      await getRule(deps.db, tenantId, ctx.params.id!);
      const limit = Number((ctx.query as { limit?: number }).limit ?? 50);
      return { items: await listEvaluations(deps.db, tenantId, ctx.params.id!, limit) };
    },
  });

  routes.post('/automation-rules/:id/dry-run', {
    auth: 'admin',
    summary: 'Evaluate a rule against a past conversation and show what would happen (no effects)',
    tags,
    schema: { params: idParams, body: conversationBody, response: { 200: dryRunSchema, ...errors } },
    handler: async (ctx) => {
      const { tenantId } = caller(ctx);
      const rule = await getRule(deps.db, tenantId, ctx.params.id!);
      return dryRun(deps.inbox, tenantId, rule, (ctx.request.body as { conversationId: string }).conversationId);
    },
  });
}
