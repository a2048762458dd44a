import type { Context } from 'koa';
import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from '../auth/auth-runtime.js';
import { notFoundInTenant, tenantOf } from '../auth/tenant-scope.js';
import { ID_PARAMS, UUID } from '../auth/schemas.js';
import { decideIp, parseCidr } from './cidr.js';
import { toRuleSet } from './tenant-ip-rules.js';
import { actorOf } from './audit-log.js';
import { deleteIpRule, getIpRule, insertIpRule, listIpRules, toPublicIpRule, updateIpRule, type IpRuleRow } from './ip-rules-repo.js';
import { SecurityErrors } from './security-errors.js';

const body = <T>(ctx: Context) => (ctx.request as unknown as { body: T }).body;
const ACTION = { type: 'string', enum: ['allow', 'block'] };
const RULE = {
  type: 'object',
  required: ['id', 'cidr', 'action', 'note', 'createdAt'],
  additionalProperties: false,
  properties: {
    id: UUID,
    cidr: { type: 'string' },
    action: ACTION,
    note: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
const CIDR = { type: 'string', minLength: 2, maxLength: 64 };
const NOTE = { type: 'string', maxLength: 500 };

function normalise(text: string): string {
  const c = parseCidr(text);
  if (!c) throw SecurityErrors.invalidCidr({ field: 'cidr', value: text });
  return c.text;
}

type RuleChange = {
  add?: { cidr: string; action: 'allow' | 'block' };
  replace?: { id: string; cidr: string; action: 'allow' | 'block' };
  remove?: string;
};

/**
 * Refuses a change after which the caller's own address would be refused: an admin who adds an
 * allow rule that does not cover them (or blocks themselves) would lock out the whole workspace
 * from where they sit, with no way back but the recovery command.
 */
async function refuseLockOut(slot: AuthRuntimeSlot, ctx: Context, change: RuleChange): Promise<void> {
  const rows = (await listIpRules(slot.get().knex, tenantOf(ctx)))
    .filter((r) => r.id !== change.remove && r.id !== change.replace?.id)
    .map((r) => ({ cidr: r.cidr, action: r.action }));
  if (change.add) rows.push(change.add);
  if (change.replace) rows.push({ cidr: change.replace.cidr, action: change.replace.action });
  const ip = ctx.state.clientIp as string;
  const d = decideIp(ip, toRuleSet(rows));
  if (!d.ok) {
    throw SecurityErrors.ipRulesLockOut(
      { ip, reason: d.reason === 'blocked' ? 'ip_blocked' : 'ip_not_allowed' },
      `After this change your own address (${ip}) would be refused and you would be locked out. Add an allow rule that covers it first.`,
    );
  }
}

/** `/api/v1/ip-rules`: the tenant's allow and block lists (CIDR, IPv4 and IPv6). */
export function registerIpRuleRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  const load = async (ctx: Context): Promise<IpRuleRow> => {
    const row = await getIpRule(slot.get().knex, tenantOf(ctx), ctx.params.id!);
    if (!row) throw notFoundInTenant('ip rule');
    return row;
  };
  const changed = async (ctx: Context, action: string, id: string, before?: unknown, after?: unknown) => {
    const rt = slot.get();
    await rt.ipRules.changed(tenantOf(ctx));
    await rt.audit.record({ ...actorOf(ctx), action, targetType: 'ip_rule', targetId: id, before, after });
  };

  routes.add({
    method: 'get',
    path: '/api/v1/ip-rules',
    auth: 'admin',
    summary: "The tenant's IP rules (a block rule wins; with any allow rule, other addresses are refused)",
    tags: ['security'],
    schema: { response: { 200: { type: 'object', required: ['rules'], properties: { rules: { type: 'array', items: RULE } } } } },
    handler: async (ctx) => ({ rules: (await listIpRules(slot.get().knex, tenantOf(ctx))).map(toPublicIpRule) }),
  });

  routes.add({
    method: 'post',
    path: '/api/v1/ip-rules',
    auth: 'admin',
    summary: 'Add an allow or block rule',
    tags: ['security'],
    schema: {
      body: {
        type: 'object',
        required: ['cidr', 'action'],
        additionalProperties: false,
        properties: { cidr: CIDR, action: ACTION, note: NOTE },
      },
      response: { 201: RULE },
    },
    handler: async (ctx) => {
      const b = body<{ cidr: string; action: 'allow' | 'block'; note?: string }>(ctx);
      const cidr = normalise(b.cidr);
      await refuseLockOut(slot, ctx, { add: { cidr, action: b.action } });
      const row = await insertIpRule(slot.get().knex, { tenantId: tenantOf(ctx), cidr, action: b.action, note: b.note ?? '' });
      const rule = toPublicIpRule(row);
      await changed(ctx, 'ip_rule.created', row.id, undefined, rule);
      ctx.status = 201;
      return rule;
    },
  });

  routes.add({
    method: 'get',
    path: '/api/v1/ip-rules/:id',
    auth: 'admin',
    summary: 'One IP rule',
    tags: ['security'],
    schema: { params: ID_PARAMS, response: { 200: RULE } },
    handler: async (ctx) => toPublicIpRule(await load(ctx)),
  });

  routes.add({
    method: 'patch',
    path: '/api/v1/ip-rules/:id',
    auth: 'admin',
    summary: 'Change an IP rule',
    tags: ['security'],
    schema: {
      params: ID_PARAMS,
      body: { type: 'object', minProperties: 1, additionalProperties: false, properties: { cidr: CIDR, action: ACTION, note: NOTE } },
      response: { 200: RULE },
    },
    handler: async (ctx) => {
      const b = body<{ cidr?: string; action?: 'allow' | 'block'; note?: string }>(ctx);
      const row = await load(ctx);
      const patch = { ...b, ...(b.cidr !== undefined ? { cidr: normalise(b.cidr) } : {}) };
      await refuseLockOut(slot, ctx, { replace: { id: row.id, cidr: patch.cidr ?? row.cidr, action: patch.action ?? row.action } });
      const updated = toPublicIpRule((await updateIpRule(slot.get().knex, row.tenant_id, row.id, patch))!);
      await changed(ctx, 'ip_rule.updated', row.id, toPublicIpRule(row), updated);
      return updated;
    },
  });

  routes.add({
    method: 'delete',
    path: '/api/v1/ip-rules/:id',
    auth: 'admin',
    summary: 'Remove an IP rule',
    tags: ['security'],
    schema: { params: ID_PARAMS },
    handler: async (ctx) => {
      const row = await load(ctx);
      await refuseLockOut(slot, ctx, { remove: row.id });
      await deleteIpRule(slot.get().knex, row.tenant_id, row.id);
      await changed(ctx, 'ip_rule.deleted', row.id, toPublicIpRule(row), undefined);
      ctx.status = 204;
    },
  });
}
