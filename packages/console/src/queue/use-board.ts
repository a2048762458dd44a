import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/api-error.js';
import type { Conversation } from '../api/types.js';
import { useServices } from '../app/services-context.js';
import { conversationOf } from '../realtime/event-envelope.js';
import { emptyBoard, loadColumn, upsert, type Board } from './board-state.js';
import { COLUMNS, matchesFilters, type Filters } from './queue-columns.js';

/** A conversation inside an event payload, when the payload carries the whole record. */
export function conversationInPayload(payload: unknown): Conversation | undefined {
  const p = payload as Record<string, unknown> | undefined;
  const c = (p?.conversation ?? p) as Partial<Conversation> | undefined;
  return c && typeof c.id === 'string' && typeof c.state === 'string' && typeof c.updatedAt === 'string' ? (c as Conversation) : undefined;
}

/** The five columns, loaded with the filters and kept current by `conversation.*` events. */
export function useBoard(filters: Filters) {
  const { inbox, socket, session } = useServices();
  const me = session.user!.id;
  const [board, setBoard] = useState<Board>(emptyBoard);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const pages = await Promise.all(
        COLUMNS.map((c) =>
          inbox.listConversations({
            ...c.query(me),
            q: filters.q || undefined,
            tag: filters.tag || undefined,
            channel: filters.channel || undefined,
            limit: 50,
          }),
        ),
      );
      let next = emptyBoard();
      COLUMNS.forEach((c, i) => (next = loadColumn(next, c.id, pages[i]!.items, pages[i]!.total, !!pages[i]!.nextCursor, me)));
      setBoard(next);
      setError(undefined);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setLoading(false);
    }
  }, [inbox, me, filters.q, filters.tag, filters.channel]);

  useEffect(() => {
    void load();
  }, [load]);

  const apply = useCallback((conv: Conversation) => setBoard((b) => upsert(b, conv, me, matchesFilters(conv, filtersRef.current))), [me]);

  useEffect(
    () =>
      socket.onEvent((e) => {
        // Every inbox change ends with a conversation.* event carrying the record (a new message is
        // followed by conversation.updated), so only those move cards; a bare one is fetched.
        if (!e.topic.startsWith('conversation.') || e.topic.endsWith('.typing')) return;
        const conv = conversationInPayload(e.payload);
        if (conv) return apply(conv);
        const id = conversationOf(e);
        if (id) void inbox.getConversation(id).then(apply, () => undefined);
      }),
    [socket, inbox, apply],
  );

  // After a reconnect the socket replays per conversation; a fresh list catches brand-new ones too.
  useEffect(() => socket.onStatus((s) => s === 'connected' && void load()), [socket, load]);

  return { board, error, loading, reload: load, apply };
}
