import type { Context, Middleware } from 'koa';
import { Forbidden } from '@bacon/sdk';
import { decideIp, type IpDecision, type IpRuleSet } from './cidr.js';
import type { TenantIpRules } from './tenant-ip-rules.js';

function refuse(d: Exclude<IpDecision, { ok: true }>, scope: 'global' | 'tenant') {
  return Forbidden('Requests from this address are not allowed.', { reason: d.reason === 'blocked' ? 'ip_blocked' : 'ip_not_allowed', scope }, 'ip_refused');
}

/** The install-wide allow/block lists (BACON_IP_ALLOW / BACON_IP_BLOCK), before any routing. */
export function globalIpFilter(rules: () => IpRuleSet): Middleware {
  return async (ctx, next) => {
    const d = decideIp(ctx.state.clientIp as string, rules());
    if (!d.ok) throw refuse(d, 'global');
    return next();
  };
}

/** A tenant's own rules, once the request's tenant is known (after authentication). */
export async function enforceTenantIpRules(rt: { ipRules: TenantIpRules }, ctx: Context, tenantId: string): Promise<void> {
  const d = await rt.ipRules.decide(tenantId, ctx.state.clientIp as string);
  if (!d.ok) throw refuse(d, 'tenant');
}
