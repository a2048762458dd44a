import { Unauthorized, type HttpContext, type PluginJobs, type PluginRoutes } from '@bacon/sdk';
import type { Knex } from 'knex';
import { actionSchema } from '../rule-schema.js';
import { createRule } from '../services/rules.js';
import { publicDefinition } from '../services/check-definition.js';
import { armSchedules } from '../services/schedules.js';
import type { RuleCache } from '../services/rule-cache.js';
import { ruleSchema, errors } from '../routes/schemas.js';
import { PRESETS, withDefaults, type Preset } from './presets.js';
import { PresetErrors } from './preset-errors.js';

export interface PresetRouteDeps {
  db: Knex;
  rules: RuleCache;
  jobs: Pick<PluginJobs, 'send'>;
}

/** The action types this host's rule schema knows (a preset using another waits for it). */
const KNOWN_ACTIONS = new Set(
  ((actionSchema as { oneOf: { properties: { type: { const: string } } }[] }).oneOf ?? []).map((s) => s.properties.type.const),
);

/** The action types a preset's rule uses that this host does not know. */
export function missingActions(preset: Preset): string[] {
  const types = preset.build(withDefaults(preset, {})).definition.actions.map((a) => a.type as string);
  return [...new Set(types.filter((t) => !KNOWN_ACTIONS.has(t)))];
}

function caller(ctx: HttpContext): { tenantId: string; userId: string } {
  const user = ctx.state.user;
  const tenantId = ctx.state.tenantId ?? user?.tenantId;
  if (!user || !tenantId) throw Unauthorized('Authentication required.');
  return { tenantId, userId: user.id };
}

const tags = ['automation'];
const presetSchema = {
  type: 'object',
  required: ['id', 'title', 'description', 'params', 'available', 'missingActions'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    params: { type: 'object' },
    available: { type: 'boolean' },
    missingActions: { type: 'array', items: { type: 'string' } },
  },
};

/** The list of presets, and one install route per preset (its params are that route's body schema). */
export function presetRoutes(routes: PluginRoutes, deps: PresetRouteDeps): void {
  routes.get('/automation-presets', {
    auth: 'admin',
    summary: 'Ready-made automation rules to install',
    tags,
    schema: {
      response: { 200: { type: 'object', required: ['items'], properties: { items: { type: 'array', items: presetSchema } } }, ...errors },
    },
    handler: () => ({
      items: PRESETS.map((p) => {
        const missing = missingActions(p);
        return {
          id: p.id,
          title: p.title,
          description: p.description,
          params: p.params,
          available: missing.length === 0,
          missingActions: missing,
        };
      }),
    }),
  });

  for (const preset of PRESETS) {
    routes.post(`/automation-presets/${preset.id}/install`, {
      auth: 'admin',
      summary: `Install the preset "${preset.title}" as a rule`,
      tags,
      schema: {
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            /** The rule's name (default: the preset's). */
            name: { type: 'string', minLength: 1, maxLength: 120 },
            enabled: { type: 'boolean' },
            params: { ...preset.params, additionalProperties: false },
          },
        },
        response: { 201: ruleSchema, ...errors },
      },
      handler: async (ctx) => {
        const { tenantId, userId } = caller(ctx);
        const missing = missingActions(preset);
        if (missing.length) throw PresetErrors.unavailable({ preset: preset.id, missingActions: missing });
        const body = ctx.request.body as { name?: string; enabled?: boolean; params?: Record<string, unknown> };
        const built = preset.build(withDefaults(preset, body.params ?? {}));
        const rule = await createRule(deps.db, {
          tenantId,
          name: body.name ?? built.name,
          enabled: body.enabled,
          definition: built.definition,
          createdBy: userId,
        });
        await armSchedules(deps, rule);
        await deps.rules.changed(tenantId);
        ctx.status = 201;
        const { tenantId: _t, ...view } = rule;
        return { ...view, definition: publicDefinition(rule.definition) };
      },
    });
  }
}
