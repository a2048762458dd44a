import type { NotificationPrefs } from '@bacon/sdk';
import type { Conversation, Message, Note } from '@bacon/inbox-contract';
import { t } from '../i18n/i18n.js';

/** Something worth telling the agent about, as a desktop notification (and a sound). */
export interface Notice {
  kind: 'new-conversation' | 'assigned-message' | 'mention';
  conversationId: string;
  title: string;
  body: string;
  /** One notification per event, however many tabs show it. */
  tag: string;
}

export const DEFAULT_PREFS: NotificationPrefs = {
  sound: false,
  desktop: true,
  newConversations: true,
  assignedMessages: true,
  mentions: true,
};

/** What the rules need to know beyond the event itself. */
export interface NoticeContext {
  me: string;
  prefs: NotificationPrefs;
  /** The conversation's assignee as last seen (undefined when unknown). */
  assigneeOf: (conversationId: string) => string | null | undefined;
  /** A teammate's display name. */
  nameOf: (userId: string) => string;
}

const short = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * The notice an event deserves under the agent's preferences, or none: a new conversation (in the
 * New, Unassigned and All views every agent has: told at its first message from the contact, so
 * the notice can say what they wrote), a contact's message in a conversation assigned to me, a note
 * that @mentions me (not my own).
 */
export function noticeFor(event: { topic: string; payload: unknown }, ctx: NoticeContext): Notice | undefined {
  const p = event.payload as { conversationId?: string; conversation?: Conversation; message?: Message; note?: Note };
  const id = p.conversationId ?? p.conversation?.id;
  if (!id) return undefined;
  if (event.topic === 'message.created' && p.message?.authorKind === 'contact' && p.message.seq === 1)
    return ctx.prefs.newConversations
      ? {
          kind: 'new-conversation',
          conversationId: id,
          title: t('noticing.newConversation'),
          body: short(p.message.body),
          tag: `new-${id}`,
        }
      : undefined;
  if (event.topic === 'message.created' && p.message?.authorKind === 'contact' && ctx.prefs.assignedMessages) {
    if (ctx.assigneeOf(id) !== ctx.me) return undefined;
    return {
      kind: 'assigned-message',
      conversationId: id,
      title: t('noticing.newMessage'),
      body: short(p.message.body),
      tag: `msg-${p.message.id}`,
    };
  }
  if (event.topic === 'note.created' && p.note && ctx.prefs.mentions && p.note.authorId !== ctx.me && p.note.mentions.includes(ctx.me))
    return {
      kind: 'mention',
      conversationId: id,
      title: t('noticing.mentionedYou', { name: p.note.authorId ? ctx.nameOf(p.note.authorId) : t('noticing.automation') }),
      body: short(p.note.body),
      tag: `note-${p.note.id}`,
    };
  return undefined;
}

/** The tab title with the count of conversations holding unread messages in front: "(3) Bacon". */
export function titleWithCount(base: string, unread: number): string {
  return unread > 0 ? `(${unread > 99 ? '99+' : unread}) ${base}` : base;
}
