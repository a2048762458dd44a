import { Forbidden, type PluginRoutes } from '@bacon/sdk';
import type { InboxDeps } from '../services/deps.js';
import { listAgents, setAgentStatus } from '../services/agents.js';
import { getSettings, saveSettings } from '../repositories/settings.js';
import { tenantSettings } from '../services/settings-cache.js';
import { listTags } from '../repositories/tags.js';
import type { InboxSettings } from '@bacon/inbox-contract';
import { caller } from './caller.js';
import { agentSchema, settingsSchema } from '@bacon/inbox-contract';
import { errors } from './schemas.js';

const statusSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['agentId', 'available', 'capacity'],
  properties: { agentId: { type: 'string', format: 'uuid' }, available: { type: 'boolean' }, capacity: { type: ['integer', 'null'] } },
};

/** Agents' availability and capacity, the tenant's inbox settings and tag catalogue. */
export function agentRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  routes.get('/inbox/agents', {
    auth: 'agent',
    summary: 'Agents with availability, capacity and current load',
    tags: ['inbox'],
    schema: {
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: agentSchema } } }, ...errors },
    },
    handler: async (ctx) => ({ items: await listAgents(deps, caller(ctx).tenantId) }),
  });

  routes.put('/inbox/agents/:agentId/status', {
    auth: 'agent',
    summary: 'Set availability (yourself) or capacity (admins)',
    tags: ['inbox'],
    schema: {
      params: {
        type: 'object',
        required: ['agentId'],
        properties: { agentId: { anyOf: [{ type: 'string', format: 'uuid' }, { const: 'me' }] } },
      },
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { available: { type: 'boolean' }, capacity: { type: ['integer', 'null'], minimum: 1, maximum: 10000 } },
      },
      response: { 200: statusSchema, ...errors },
    },
    handler: async (ctx) => {
      const { tenantId, user } = caller(ctx);
      const agentId = ctx.params.agentId === 'me' ? user.id : ctx.params.agentId!;
      const body = ctx.request.body as { available?: boolean; capacity?: number | null };
      if (user.role !== 'admin' && (agentId !== user.id || body.capacity !== undefined))
        throw Forbidden("Only admins set capacity or other agents' status.");
      return setAgentStatus(deps, tenantId, agentId, body);
    },
  });

  routes.get('/inbox/settings', {
    auth: 'agent',
    summary: "The tenant's inbox settings",
    tags: ['inbox'],
    schema: { response: { 200: settingsSchema, ...errors } },
    handler: async (ctx) => tenantSettings(deps, caller(ctx).tenantId),
  });

  routes.patch('/inbox/settings', {
    auth: 'admin',
    summary: 'Auto-assignment, default capacity, retention',
    tags: ['inbox'],
    schema: {
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          autoAssign: { type: 'boolean' },
          defaultCapacity: { type: ['integer', 'null'], minimum: 1, maximum: 10000 },
          retentionDays: { type: ['integer', 'null'], minimum: 1, maximum: 36500 },
          retentionMode: { type: 'string', enum: ['delete', 'anonymize'] },
        },
      },
      response: { 200: settingsSchema, ...errors },
    },
    handler: async (ctx) => {
      const patch = ctx.request.body as Partial<InboxSettings>;
      const { tenantId, user } = caller(ctx);
      const before = await getSettings(deps.db, tenantId);
      const after = deps.settings
        ? await deps.settings.save(tenantId, patch, new Date())
        : await saveSettings(deps.db, tenantId, patch, new Date());
      await deps.audit?.record({
        tenantId,
        actorId: user.id,
        ip: ctx.state.clientIp as string | undefined,
        action: 'inbox.settings.updated',
        targetType: 'inbox_settings',
        targetId: tenantId,
        before,
        after,
      });
      return after;
    },
  });

  routes.get('/tags', {
    auth: 'agent',
    summary: "The tenant's tags",
    tags: ['inbox'],
    schema: {
      response: {
        200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: { type: 'string' } } } },
        ...errors,
      },
    },
    handler: async (ctx) => ({ items: await listTags(deps.db, caller(ctx).tenantId) }),
  });
}
