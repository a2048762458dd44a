import type { Context, Middleware } from 'koa';
import { decideIp, type IpDecision, type IpRuleSet } from './cidr.js';
import type { TenantIpRules } from './tenant-ip-rules.js';
import { SecurityErrors } from './security-errors.js';

function refuse(d: Exclude<IpDecision, { ok: true }>, scope: 'global' | 'tenant') {
  return SecurityErrors.ipRefused({ reason: d.reason === 'blocked' ? 'ip_blocked' : 'ip_not_allowed', scope });
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
