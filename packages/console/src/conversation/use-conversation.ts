import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/api-error.js';
import type { Attachment } from '@bacon/sdk';
import type { Message, Note } from '@bacon/inbox-contract';
import type { Conversation } from '../api/types.js';
import { useServices } from '../app/services-context.js';
import { conversationOf } from '../realtime/event-envelope.js';
import { conversationInPayload } from '../queue/use-board.js';
import { useToasts } from '../ui/toasts.js';
import { t } from '../i18n/i18n.js';
import { mergeMessages } from './timeline.js';

export type LocalNote = Note & { pending?: boolean };

const PAGE = 30;

/**
 * One open conversation: record, transcript (newest page first, older pages on demand), notes,
 * the contact's typing state, all kept live from the socket; changes are optimistic with rollback.
 */
export function useConversation(id: string) {
  const { inbox, socket, outbox } = useServices();
  const toasts = useToasts();
  const [conv, setConv] = useState<Conversation>();
  const [messages, setMessages] = useState<Message[]>([]);
  const [notes, setNotes] = useState<LocalNote[]>([]);
  const [older, setOlder] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [contactTyping, setContactTyping] = useState(false);
  const confirmed = useRef<Conversation | undefined>(undefined);

  const accept = useCallback((c: Conversation) => {
    if (confirmed.current && c.updatedAt < confirmed.current.updatedAt) return;
    confirmed.current = c;
    setConv((prev) => ({ ...c, contact: c.contact ?? prev?.contact }));
  }, []);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [c, page, ns] = await Promise.all([inbox.getConversation(id), inbox.listMessages(id, { limit: PAGE }), inbox.listNotes(id)]);
        if (!live) return;
        confirmed.current = c;
        setConv(c);
        setMessages(mergeMessages([], page.items));
        setOlder(page.nextCursor);
        setNotes(ns);
        socket.join(id, c.lastSeq);
      } catch (err) {
        if (live) setError(describeError(err));
      }
    })();
    return () => {
      live = false;
      socket.leave(id);
    };
  }, [id, inbox, socket]);

  useEffect(
    () =>
      socket.onEvent((e) => {
        if (conversationOf(e) !== id) return;
        const p = e.payload as { message?: Message; note?: Note; noteId?: string };
        const c = conversationInPayload(e.payload);
        if (c) accept(c);
        if (e.topic === 'message.created' && p.message) {
          setMessages((ms) => mergeMessages(ms, [p.message!]));
          if (p.message.authorKind === 'contact') setContactTyping(false);
        }
        if ((e.topic === 'note.created' || e.topic === 'note.updated') && p.note) {
          const saved = p.note;
          // The event can beat the POST's answer: the saved note then replaces its pending copy.
          setNotes((ns) => [
            ...ns.filter((n) => n.id !== saved.id && !(n.pending && n.authorId === saved.authorId && n.body === saved.body)),
            saved,
          ]);
        }
        if (e.topic === 'note.deleted' && p.noteId) setNotes((ns) => ns.filter((n) => n.id !== p.noteId));
      }),
    [socket, id, accept],
  );

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = socket.onTyping((t) => {
      if (t.conversationId !== id || t.who !== 'contact') return;
      setContactTyping(t.typing);
      clearTimeout(timer);
      if (t.typing) timer = setTimeout(() => setContactTyping(false), 6000);
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [socket, id]);

  // A reply that left the outbox shows at once, even before its event arrives.
  useEffect(
    () =>
      outbox.onDelivered((item, result) => {
        const m = result as Message | undefined;
        if (item.conversationId === id && m?.id) setMessages((ms) => mergeMessages(ms, [m]));
      }),
    [outbox, id],
  );

  const loadOlder = useCallback(async () => {
    if (!older) return;
    try {
      const page = await inbox.listMessages(id, { limit: PAGE, cursor: older });
      setMessages((ms) => mergeMessages(ms, page.items));
      setOlder(page.nextCursor);
    } catch (err) {
      toasts.error(t('conversation.olderNotLoaded', { reason: describeError(err) }));
    }
  }, [older, inbox, id, toasts]);

  /** Shows `optimistic` at once; the server's answer replaces it, a refusal rolls it back. */
  const mutate = useCallback(
    async (optimistic: Partial<Conversation>, call: () => Promise<Conversation | { conversation: Conversation }>, what: string) => {
      const before = conv;
      if (!before) return;
      setConv({ ...before, ...optimistic });
      try {
        const out = await call();
        accept('conversation' in out ? out.conversation : out);
        return true;
      } catch (err) {
        setConv(confirmed.current ?? before);
        toasts.error(t('conversation.actionFailed', { what, reason: describeError(err) }));
        return false;
      }
    },
    [conv, accept, toasts],
  );

  const addNote = useCallback(
    async (body: string, authorId: string, mentions: string[] = [], attachments: Attachment[] = []) => {
      const now = new Date().toISOString();
      // Shown until the server's note replaces it; the tenant is the server's to fill in.
      const temp: LocalNote = {
        id: `pending-${Date.now()}`,
        tenantId: '',
        conversationId: id,
        authorId,
        body,
        mentions,
        ...(attachments.length ? { attachments } : {}),
        createdAt: now,
        updatedAt: now,
        pending: true,
      };
      setNotes((ns) => [...ns, temp]);
      try {
        const note = await inbox.addNote(id, body, mentions, attachments);
        setNotes((ns) => [...ns.filter((n) => n.id !== temp.id && n.id !== note.id), note]);
        return true;
      } catch (err) {
        setNotes((ns) => ns.filter((n) => n.id !== temp.id));
        toasts.error(t('conversation.noteNotSaved', { reason: describeError(err) }));
        return false;
      }
    },
    [inbox, id, toasts],
  );

  const addMessage = useCallback((m: Message) => setMessages((ms) => mergeMessages(ms, [m])), []);

  return { conv, messages, notes, hasOlder: !!older, loadOlder, error, contactTyping, mutate, addNote, addMessage, accept };
}
