import { randomUUID } from 'node:crypto';
import { Unauthorized, type HttpContext, type PluginRoutes } from '@bacon/sdk';
import type { FlowDefinition } from './flow-schema.js';
import { createFlow, deleteFlow, getFlow, listFlows, updateFlow, type Flow } from './flows.js';
import { listRuns, type FlowRun } from './flow-runs.js';
import { startFlow } from './run-flow.js';
import type { FlowDeps } from './flow-deps.js';
import { flowFields, flowRunSchema, flowSchema } from './flow-route-schemas.js';
import { errors, idParams } from '../routes/schemas.js';

function caller(ctx: HttpContext): { tenantId: string; userId: string } {
  const user = ctx.state.user;
  const tenantId = ctx.state.tenantId ?? user?.tenantId;
  if (!user || !tenantId) throw Unauthorized('Authentication required.');
  return { tenantId, userId: user.id };
}

const view = ({ tenantId: _t, ...f }: Flow) => f;
const runView = ({ tenantId: _t, claimKey: _c, waitAfterSeq: _w, cause: _cause, ...r }: FlowRun) => r;
const tags = ['automation'];
const list = (items: unknown) => ({ type: 'object', required: ['items'], properties: { items: { type: 'array', items } } });

/** Admin CRUD of flows, their runs, and starting a run by hand in a conversation. */
export function flowRoutes(routes: PluginRoutes, deps: FlowDeps): void {
  routes.get('/automation-flows', {
    auth: 'admin',
    summary: 'List automation flows',
    tags,
    schema: { response: { 200: list(flowSchema), ...errors } },
    handler: async (ctx) => ({ items: (await listFlows(deps.db, caller(ctx).tenantId)).map(view) }),
  });

  routes.post('/automation-flows', {
    auth: 'admin',
    summary: 'Create an automation flow (version 1)',
    tags,
    schema: {
      body: { type: 'object', additionalProperties: false, required: ['name', 'definition'], properties: flowFields },
      response: { 201: flowSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, userId } = caller(ctx);
      const body = ctx.request.body as { name: string; enabled?: boolean; definition: FlowDefinition };
      const flow = await createFlow(deps.db, { tenantId, ...body, createdBy: userId });
      ctx.status = 201;
      return view(flow);
    },
  });

  routes.get('/automation-flows/:id', {
    auth: 'admin',
    summary: 'One automation flow',
    tags,
    schema: { params: idParams, response: { 200: flowSchema, ...errors } },
    handler: async (ctx) => view(await getFlow(deps.db, caller(ctx).tenantId, ctx.params.id!)),
  });

  routes.patch('/automation-flows/:id', {
    auth: 'admin',
    summary: 'Change an automation flow (a new name or definition makes a new version; running runs keep theirs)',
    tags,
    schema: {
      params: idParams,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: flowFields },
      response: { 200: flowSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, userId } = caller(ctx);
      return view(await updateFlow(deps.db, tenantId, ctx.params.id!, ctx.request.body as Parameters<typeof updateFlow>[3], userId));
    },
  });

  routes.delete('/automation-flows/:id', {
    auth: 'admin',
    summary: 'Delete an automation flow and its runs',
    tags,
    schema: { params: idParams, response: { 204: {}, ...errors } },
    handler: async (ctx) => {
      await deleteFlow(deps.db, caller(ctx).tenantId, ctx.params.id!);
      ctx.status = 204;
    },
  });

  routes.get('/automation-flows/:id/runs', {
    auth: 'admin',
    summary: 'The runs of a flow, newest first, each with its steps (time, outcome, failure)',
    tags,
    schema: {
      params: idParams,
      query: {
        type: 'object',
        additionalProperties: false,
        properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 } },
      },
      response: { 200: list(flowRunSchema), ...errors },
    },
    handler: async (ctx) => {
      const { tenantId } = caller(ctx);
      await getFlow(deps.db, tenantId, ctx.params.id!);
      const limit = Number((ctx.query as { limit?: number }).limit ?? 50);
      return { items: (await listRuns(deps.db, tenantId, ctx.params.id!, limit)).map(runView) };
    },
  });

  routes.post('/automation-flows/:id/runs', {
    auth: 'admin',
    summary: 'Start a run of a flow in a conversation',
    tags,
    schema: {
      params: idParams,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['conversationId'],
        properties: { conversationId: { type: 'string', format: 'uuid' } },
      },
      response: { 201: flowRunSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId } = caller(ctx);
      const { conversationId } = ctx.request.body as { conversationId: string };
      const run = await startFlow(deps, { tenantId, flowId: ctx.params.id!, conversationId, startKey: `api:${randomUUID()}` });
      ctx.status = 201;
      return runView(run); // as the run stands now: waiting, or ended
    },
  });
}
