import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, describeError } from '../api/api-error.js';
import { PRIORITIES, TRANSITIONS, type AgentView, type ConversationState, type Macro, type Priority } from '@bacon/inbox-contract';
import { priorityLabel } from '../inbox/list-state.js';
import { t as translate, useT } from '../i18n/i18n.js';
import { hrefFor, navigate } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { contactName } from '../queue/conversation-card.js';
import { useShortcuts } from '../shortcuts/use-shortcuts.js';
import { formatTime } from '../ui/time-ago.js';
import { useToasts } from '../ui/toasts.js';
import { AssignControl } from './assign-control.js';
import { Composer, type ComposerHandle } from './composer.js';
import { useDraftAssist } from '../ai/use-draft-assist.js';
import { ContactPanel } from './contact-panel.js';
import type { VisitedPage } from '../contacts/contact-details.js';
import { SnoozePicker } from './snooze-picker.js';
import { TagEditor } from './tag-editor.js';
import { buildTimeline } from './timeline.js';
import { Transcript } from './transcript.js';
import { useConversation } from './use-conversation.js';
import { ChannelBadge } from '../channels/channel-badge.js';
import { DeliveryLabel } from '../channels/delivery-label.js';
import { useChannelState } from '../channels/use-channel-state.js';
import { WindowBanner } from '../channels/window-banner.js';
import { useMarkRead } from '../noticing/use-mark-read.js';
import { useAttachmentDraft } from './attachments.js';
import { useSeenReceipt } from './read-receipts.js';

/** A conversation state as the agent reads it. */
export function stateLabel(state: ConversationState): string {
  const keys = {
    new: 'conversation.stateNew',
    assigned: 'conversation.stateAssigned',
    snoozed: 'conversation.stateSnoozed',
    closed: 'conversation.stateClosed',
  } as const;
  return translate(keys[state]);
}

/** One conversation: transcript, composer, actions, contact panel. */
export function ConversationView({ id, focusSeq }: { id: string; focusSeq?: number }) {
  const { inbox, outbox, socket, session, connection, routes, api } = useServices();
  const toasts = useToasts();
  const t = useT();
  const me = session.user!;
  const { conv, messages, notes, hasOlder, loadOlder, error, contactTyping, mutate, addNote, addMessage, accept } = useConversation(id);
  const [agents, setAgents] = useState<AgentView[]>([]);
  const [macros, setMacros] = useState<Macro[]>([]);
  const [queued, setQueued] = useState(() => outbox.list(id));
  const [snoozing, setSnoozing] = useState(false);
  const composer = useRef<ComposerHandle>(null);
  const draftAssist = useDraftAssist(id, composer);
  const channel = useChannelState(id, conv?.channel, messages);
  useMarkRead(id, conv?.lastSeq);
  // A search hit older than the first page: earlier pages load until its message is on screen.
  const focusMissing = !!focusSeq && !messages.some((m) => m.seq === focusSeq);
  useEffect(() => {
    if (focusMissing && hasOlder) void loadOlder();
  }, [focusMissing, hasOlder, loadOlder]);
  const attach = useAttachmentDraft(session, id);
  const noteAttach = useAttachmentDraft(session, id);
  useSeenReceipt(api, id, conv?.channel, messages);

  useEffect(() => {
    inbox.listAgents().then(setAgents, () => undefined);
    inbox.listMacros().then(setMacros, () => undefined);
  }, [inbox]);
  useEffect(() => outbox.onChange(() => setQueued(outbox.list(id))), [outbox, id]);

  const nameOf = (userId: string | null | undefined) => {
    if (userId === me.id) return me.name || t('conversation.you');
    const a = agents.find((x) => x.agentId === userId);
    return a?.name || a?.email || t('conversation.agent');
  };

  // The page the contact last wrote from (the widget sends it with each message).
  const page = useMemo(() => {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      const p = (m.payload?.metadata as { page?: VisitedPage } | undefined)?.page;
      if (m.authorKind === 'contact' && p) return p;
    }
    return undefined;
  }, [messages]);
  const timeline = useMemo(() => buildTimeline(messages, notes, queued), [messages, notes, queued]);

  const transition = (to: ConversationState, until?: Date) => {
    if (!conv) return;
    const optimistic = {
      state: to,
      snoozedUntil: until ? until.toISOString() : to === 'snoozed' ? conv.snoozedUntil : null,
      ...(to === 'new' ? { assigneeId: null } : {}),
    };
    const target = to === 'assigned' && !conv.assigneeId ? { agentId: me.id } : {};
    void mutate(
      optimistic,
      () => inbox.transition(id, to, until?.toISOString(), (target as { agentId?: string }).agentId),
      to === 'closed' ? t('conversation.closing') : t('conversation.movingTo', { state: stateLabel(to) }),
    );
  };
  const reopen = () => conv && transition(conv.assigneeId ? 'assigned' : 'new');
  const assign = (to: { agentId: string } | { strategy: 'round_robin' }) =>
    void mutate(
      'agentId' in to ? { assigneeId: to.agentId, state: conv?.state === 'new' ? 'assigned' : conv?.state } : {},
      () => inbox.assign(id, to),
      t('conversation.assigning'),
    );

  const reply = async (text: string, macro?: Macro) => {
    const files = attach.ready;
    // A reply on a closed conversation reopens it first (the composer says so on its button).
    if (conv?.state === 'closed') {
      try {
        accept(await inbox.transition(id, conv.assigneeId ? 'assigned' : 'new'));
      } catch (err) {
        toasts.error(t('conversation.notReopened', { reason: describeError(err) }));
        return false;
      }
    }
    if (macro && connection.state === 'online' && !files.length) {
      try {
        const out = await inbox.applyMacro(id, macro.id);
        accept(out.conversation);
        if (out.message) addMessage(out.message);
        return true;
      } catch (err) {
        if (!(err instanceof ApiError && err.isNetwork)) {
          toasts.error(t('conversation.macroNotApplied', { reason: describeError(err) }));
          return false;
        }
      }
    }
    if (macro?.actions.length && text) toasts.info(t('conversation.sentPlain'));
    outbox.add(id, text, files);
    void outbox.flush();
    return true;
  };

  const can = (to: ConversationState) => !!conv && TRANSITIONS[conv.state].includes(to);

  useShortcuts({
    escape: () => (snoozing ? setSnoozing(false) : navigate({ name: 'queue' })),
    r: () => composer.current?.focus('reply'),
    n: () => composer.current?.focus('note'),
    a: () => conv && conv.assigneeId !== me.id && assign({ agentId: me.id }),
    s: () => can('snoozed') && setSnoozing(true),
    c: () => can('closed') && transition('closed'),
    o: () => conv && (conv.state === 'closed' || conv.state === 'snoozed') && reopen(),
  });

  if (error)
    return (
      <section className="page">
        <h1>{t('conversation.unavailable')}</h1>
        <p className="form-error" role="alert">
          {error}
        </p>
        <a href={hrefFor({ name: 'queue' })}>{t('conversation.backToInbox')}</a>
      </section>
    );
  if (!conv)
    return (
      <p className="page" role="status">
        {t('conversation.loading')}
      </p>
    );

  const variables = {
    contact: { name: conv.contact?.name, email: conv.contact?.email, phone: conv.contact?.phone ?? undefined },
    agent: { name: me.name, email: me.email, id: me.id },
    conversation: { id: conv.id, subject: conv.subject, channel: conv.channel },
  };

  return (
    <div className="conversation">
      <section className="conversation-main" aria-labelledby="conv-title">
        <header className="conv-head">
          <a className="back" href={hrefFor({ name: 'queue' })} aria-label={t('conversation.backToInbox')}>
            ←
          </a>
          <div className="conv-title">
            <h1 id="conv-title">{contactName(conv)}</h1>
            <p className="muted">
              <ChannelBadge channel={conv.channel} />{' '}
              <span className={`state state-${conv.state}`} data-state={conv.state}>
                {stateLabel(conv.state)}
              </span>
              {conv.assigneeId && <> · {nameOf(conv.assigneeId)}</>}
              {conv.state === 'snoozed' && conv.snoozedUntil && <> · {t('conversation.until', { time: formatTime(conv.snoozedUntil) })}</>}
            </p>
          </div>
          <div className="conv-actions">
            {can('snoozed') && (
              <button
                type="button"
                className="button"
                onClick={() => setSnoozing((s) => !s)}
                aria-expanded={snoozing}
                aria-keyshortcuts="s"
              >
                {t('conversation.snoozeMenu')}
              </button>
            )}
            {can('closed') && (
              <button type="button" className="button" onClick={() => transition('closed')} aria-keyshortcuts="c">
                {t('common.close')}
              </button>
            )}
            {(conv.state === 'closed' || conv.state === 'snoozed') && (
              <button type="button" className="button primary" onClick={reopen} aria-keyshortcuts="o">
                {t('conversation.reopen')}
              </button>
            )}
            {conv.state === 'assigned' && (
              <button type="button" className="button ghost" onClick={() => transition('new')}>
                {t('conversation.unassign')}
              </button>
            )}
            {snoozing && (
              <SnoozePicker
                onCancel={() => setSnoozing(false)}
                onSnooze={(until) => {
                  setSnoozing(false);
                  transition('snoozed', until);
                }}
              />
            )}
          </div>
        </header>
        <div className="conv-tools">
          <AssignControl conv={conv} me={me.id} agents={agents} onAssign={assign} />
          <label className="field-inline">
            <span>{t('conversation.priority')}</span>
            <select
              aria-label={t('conversation.priority')}
              value={conv.priority}
              data-priority={conv.priority}
              onChange={(e) => {
                const priority = e.target.value as Priority;
                void mutate({ priority }, () => inbox.setPriority(id, priority), t('conversation.settingPriority'));
              }}
            >
              {PRIORITIES.map((p) => (
                <option key={p} value={p}>
                  {priorityLabel(p)}
                </option>
              ))}
            </select>
          </label>
          <TagEditor
            tags={conv.tags ?? []}
            onChange={(tags) => void mutate({ tags }, () => inbox.setTags(id, tags), t('conversation.savingTags'))}
          />
        </div>
        <Transcript
          items={timeline}
          hasOlder={hasOlder}
          loadOlder={loadOlder}
          contactName={contactName(conv)}
          nameOf={nameOf}
          contactTyping={contactTyping}
          onRetry={(q) => (outbox.retry(q.id), void outbox.flush())}
          onDiscard={(q) => outbox.discard(q.id)}
          statusOf={(messageId) => {
            const d = channel.deliveries.get(messageId);
            return d ? <DeliveryLabel delivery={d} /> : null;
          }}
          focusSeq={focusSeq}
        />
        {channel.windowState && (
          <WindowBanner
            state={channel.windowState}
            onSendTemplate={async (name, text) => {
              try {
                addMessage(await channel.channels.sendTemplate(id, name, text));
                return true;
              } catch (err) {
                toasts.error(t('conversation.templateNotSent', { reason: describeError(err) }));
                return false;
              }
            }}
          />
        )}
        {draftAssist.panel}
        <Composer
          ref={composer}
          reopensOnSend={conv.state === 'closed'}
          macros={macros}
          variables={variables}
          onReply={draftAssist.wrapReply(reply)}
          onTextChange={draftAssist.textChanged}
          onNote={(text, mentions, files) => addNote(text, me.id, mentions, files)}
          people={agents
            .filter((a) => a.agentId !== me.id)
            .map((a) => ({ id: a.agentId, name: a.name || a.email || t('conversation.agent') }))}
          onTyping={(typing) => socket.typing(id, typing)}
          attach={attach}
          noteAttach={noteAttach}
          onMacroMenu={() => void inbox.listMacros().then(setMacros, () => undefined)}
        />
      </section>
      <ContactPanel conv={conv} page={page} />
    </div>
  );
}
