import { useEffect, useRef } from 'react';
import type { Conversation } from '@bacon/inbox-contract';
import type { SessionUser } from '../api/session.js';
import { navigate, parseRoute } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { useToasts } from '../ui/toasts.js';
import { playChime, showDesktop } from './desktop-notice.js';
import { DEFAULT_PREFS, noticeFor, titleWithCount } from './notice-rules.js';
import { t } from '../i18n/i18n.js';

/** The conversation on screen, when the agent is looking at it (no notice needed for it). */
function watching(conversationId: string): boolean {
  const route = parseRoute(window.location.hash);
  return route.name === 'conversation' && route.id === conversationId && document.visibilityState === 'visible' && document.hasFocus();
}

/**
 * Noticing work, for the whole signed-in console: the tab title counts conversations with unread
 * messages ("(3) Bacon", from the All view's unread count), and events that concern me raise an
 * in-page toast, a desktop notification and a chime, each as my notification preferences say.
 */
export function useNoticing(user: SessionUser): void {
  const { inbox, socket, reads } = useServices();
  const toasts = useToasts();
  const prefs = { ...DEFAULT_PREFS, ...user.notificationPrefs };
  const prefsRef = useRef(prefs);
  prefsRef.current = prefs;

  // The title counter.
  useEffect(() => {
    const base = document.title.replace(/^\(\d+\+?\) /, '') || 'Bacon';
    let timer: ReturnType<typeof setTimeout> | undefined;
    let live = true;
    const recount = async () => {
      try {
        const all = (await inbox.viewCounts()).find((v) => v.id === 'all');
        if (live) document.title = titleWithCount(base, all?.unread ?? 0);
      } catch {
        // A counter is a convenience: the next event or reconnect counts again.
      }
    };
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void recount(), 300);
    };
    void recount();
    const offEvent = socket.onEvent((e) => {
      if (e.topic === 'message.created' || e.topic.startsWith('conversation.')) soon();
    });
    const offRead = reads.on(soon);
    const offStatus = socket.onStatus((s) => s === 'connected' && soon());
    return () => {
      live = false;
      clearTimeout(timer);
      offEvent();
      offRead();
      offStatus();
      document.title = base;
    };
  }, [inbox, socket, reads]);

  // Desktop notifications, toasts and the chime.
  useEffect(() => {
    const assignees = new Map<string, string | null>();
    const names = new Map<string, string>();
    inbox.listAgents().then(
      (agents) => agents.forEach((a) => names.set(a.agentId, a.name || a.email || t('noticing.aTeammate'))),
      () => undefined,
    );
    const tell = (e: { topic: string; payload: unknown }) => {
      const notice = noticeFor(e, {
        me: user.id,
        prefs: prefsRef.current,
        assigneeOf: (id) => assignees.get(id),
        nameOf: (id) => names.get(id) ?? t('noticing.aTeammate'),
      });
      if (!notice || watching(notice.conversationId)) return;
      if (notice.kind === 'mention') toasts.info(t('noticing.toast', { title: notice.title, body: notice.body }));
      if (prefsRef.current.desktop) showDesktop(notice, (id) => navigate({ name: 'conversation', id }));
      if (prefsRef.current.sound) playChime();
    };
    return socket.onEvent((e) => {
      const conv = (e.payload as { conversation?: Conversation } | undefined)?.conversation;
      if (conv) assignees.set(conv.id, conv.assigneeId);
      const id = (e.payload as { conversationId?: string } | undefined)?.conversationId;
      // A message in a conversation not seen yet: learn its assignee first.
      if (e.topic === 'message.created' && id && !assignees.has(id))
        void inbox.getConversation(id).then(
          (c) => (assignees.set(c.id, c.assigneeId), tell(e)),
          () => undefined,
        );
      else tell(e);
    });
  }, [inbox, socket, toasts, user.id]);
}
