/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total?: number;
}

/** Accepts `{items|data|<key>, nextCursor}` or a bare array: list endpoints differ by owner. */
export function toPage<T>(body: unknown, key?: string): Page<T> {
  if (Array.isArray(body)) return { items: body as T[], nextCursor: null };
  const b = (body ?? {}) as Record<string, unknown>;
  const items = (key && Array.isArray(b[key]) ? b[key] : Array.isArray(b.items) ? b.items : Array.isArray(b.data) ? b.data : []) as T[];
  const cursor = (b.nextCursor ?? b.next_cursor ?? (b.page as Record<string, unknown> | undefined)?.nextCursor ?? null) as string | null;
  const total = typeof b.total === 'number' ? b.total : typeof b.count === 'number' ? b.count : undefined;
  return { items, nextCursor: cursor, total };
}

/** Unwraps `{conversation: {...}}`-style single-object answers. */
export function unwrap<T>(body: unknown, key: string): T {
  const b = body as Record<string, unknown> | null;
  return (b && typeof b === 'object' && key in b ? b[key] : body) as T;
}
