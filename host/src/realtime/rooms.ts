/**
 * socket.io room names. Agents join their tenant's room and their own; agents and visitors join a
 * plugin room (`<kind>:<id>`) when they open it (`room:join`). Widget and agent rooms live in
 * different namespaces, so a widget can never be in an agent room.
 */
export const rooms = {
  /** Every agent of a tenant (namespace `/agent`). */
  tenant: (tenantId: string) => `t:${tenantId}`,
  /** One agent's sockets (namespace `/agent`). */
  user: (userId: string) => `u:${userId}`,
  /** One visitor's sockets (namespace `/widget`). */
  visitor: (visitorId: string) => `v:${visitorId}`,
  /** Followers of a plugin room (`ticket:<id>`), in either namespace. */
  room: (name: string) => `r:${name}`,
};

const KIND = /^[a-z][a-z0-9-]{0,31}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** Splits `<kind>:<id>`, or undefined when the name is not one. */
export function parseRoom(name: unknown): { kind: string; id: string } | undefined {
  if (typeof name !== 'string') return undefined;
  const at = name.indexOf(':');
  const kind = name.slice(0, at);
  const id = name.slice(at + 1);
  return at > 0 && KIND.test(kind) && ID.test(id) ? { kind, id } : undefined;
}

export function isRoomKind(kind: string): boolean {
  return KIND.test(kind);
}
