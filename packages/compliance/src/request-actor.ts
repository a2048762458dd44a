import { Unauthorized, type HttpContext } from '@bacon/sdk';

/** Who makes an admin request (its tenant, user id and address), for the scope of a query and its audit row. */
export function requestActor(ctx: HttpContext): { tenantId: string; actorId: string; ip?: string } {
  const user = ctx.state.user;
  const tenantId = ctx.state.tenantId ?? user?.tenantId;
  if (!user || !tenantId) throw Unauthorized('Authentication required.');
  return { tenantId, actorId: user.id, ip: ctx.state.clientIp as string | undefined };
}
