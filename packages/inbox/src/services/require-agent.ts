import type { AuthUser } from '@bacon/sdk';
import { InboxErrors } from '../errors.js';
import type { InboxDeps } from './deps.js';

/** The user, when it is an agent or admin of the tenant; 404 otherwise. Call it outside transactions. */
export async function requireAgent(deps: InboxDeps, tenantId: string, userId: string): Promise<AuthUser> {
  const user = await deps.directory.getUser(tenantId, userId);
  if (!user || user.tenantId !== tenantId) throw InboxErrors.agentNotFound(userId);
  return user;
}
