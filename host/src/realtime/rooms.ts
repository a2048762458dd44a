/**
 * Room names. Agents join their tenant's room and their own; agents and visitors join a
 * conversation's room when they open it (`conversation:join`). Widget and agent rooms live in
 * different namespaces, so a widget can never be in an agent room.
 */
export const rooms = {
  /** Every agent of a tenant (namespace `/agent`). */
  tenant: (tenantId: string) => `t:${tenantId}`,
  /** One agent's sockets (namespace `/agent`). */
  user: (userId: string) => `u:${userId}`,
  /** One visitor's sockets (namespace `/widget`). */
  visitor: (visitorId: string) => `v:${visitorId}`,
  /** Followers of a conversation, in either namespace. */
  conversation: (conversationId: string) => `c:${conversationId}`,
};

