import { Unauthorized, type AuthUser, type HttpContext } from '@bacon/sdk';
import type { Actor } from '@bacon/inbox-contract';

/** The authenticated user and tenant of a request (set by the host's auth guard). */
export function caller(ctx: HttpContext): { tenantId: string; user: AuthUser; actor: Actor } {
  const user = ctx.state.user;
  const tenantId = ctx.state.tenantId ?? user?.tenantId;
  if (!user || !tenantId) throw Unauthorized('Authentication required.');
  return { tenantId, user, actor: { kind: 'user', id: user.id } };
}
