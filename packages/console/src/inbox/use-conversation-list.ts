import { useCallback, useEffect, useRef, useState } from 'react';
import { VIEWS, type ConversationView } from '@bacon/inbox-contract';
import { describeError } from '../api/api-error.js';
import type { Conversation } from '../api/types.js';
import { useServices } from '../app/services-context.js';
import { conversationOf } from '../realtime/event-envelope.js';
import { conversationInPayload } from '../queue/use-board.js';
import { applyChange, markReadIn, type ListQuery } from './list-state.js';

const PAGE = 50;

/** The list of one view (with search, priority, order) and every view's count, kept current by `conversation.*` events. */
export function useConversationList(query: ListQuery) {
  const { inbox, socket, session, reads } = useServices();
  const me = session.user!.id;
  const [items, setItems] = useState<Conversation[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [counts, setCounts] = useState<Record<ConversationView, number>>();
  const [unread, setUnread] = useState<Record<ConversationView, number>>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const queryRef = useRef(query);
  queryRef.current = query;

  const params = useCallback(
    (cursor?: string) => ({
      view: query.view,
      q: query.q || undefined,
      priority: query.priority || undefined,
      sort: query.sort,
      order: 'desc' as const,
      limit: PAGE,
      cursor,
    }),
    [query.view, query.q, query.priority, query.sort],
  );

  const loadCounts = useCallback(async () => {
    try {
      const list = await inbox.viewCounts();
      setCounts(Object.fromEntries(VIEWS.map((v) => [v, list.find((x) => x.id === v)?.count ?? 0])) as Record<ConversationView, number>);
      setUnread(Object.fromEntries(VIEWS.map((v) => [v, list.find((x) => x.id === v)?.unread ?? 0])) as Record<ConversationView, number>);
    } catch {
      // The counts are a convenience: the list itself says what failed.
    }
  }, [inbox]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const page = await inbox.listConversations(params());
      setItems(page.items);
      setNextCursor(page.nextCursor);
      setError(undefined);
    } catch (err) {
      setError(describeError(err));
    } finally {
      setLoading(false);
    }
    void loadCounts();
  }, [inbox, params, loadCounts]);

  const loadMore = useCallback(async () => {
    if (!nextCursor) return;
    try {
      const page = await inbox.listConversations(params(nextCursor));
      setItems((list) => [...list, ...page.items.filter((c) => !list.some((x) => x.id === c.id))]);
      setNextCursor(page.nextCursor);
    } catch (err) {
      setError(describeError(err));
    }
  }, [inbox, params, nextCursor]);

  useEffect(() => {
    void load();
  }, [load]);

  const countsTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => {
    const apply = (c: Conversation) => setItems((list) => applyChange(list, c, queryRef.current, me));
    const off = socket.onEvent((e) => {
      if (!e.topic.startsWith('conversation.') || e.topic.endsWith('.typing')) return;
      clearTimeout(countsTimer.current);
      countsTimer.current = setTimeout(() => void loadCounts(), 250);
      const conv = conversationInPayload(e.payload);
      const id = conv?.id ?? conversationOf(e);
      if (!id) return;
      // Events carry the conversation without its contact: a newcomer is fetched once to show who it is.
      setItems((list) => {
        if (conv && list.some((x) => x.id === id)) return applyChange(list, conv, queryRef.current, me);
        void inbox.getConversation(id).then(apply, () => undefined);
        return list;
      });
    });
    return () => {
      off();
      clearTimeout(countsTimer.current);
    };
  }, [socket, inbox, me, loadCounts]);

  // My read marker moved (the open conversation): its badge clears and the views recount.
  useEffect(
    () =>
      reads.on((id) => {
        setItems((list) => markReadIn(list, id));
        void loadCounts();
      }),
    [reads, loadCounts],
  );

  // After a reconnect, a fresh list catches what the socket missed.
  useEffect(() => socket.onStatus((s) => s === 'connected' && void load()), [socket, load]);

  return { items, counts, unread, error, loading, hasMore: !!nextCursor, loadMore, reload: load };
}
