import { Fragment, useState, type FormEvent, type ReactNode } from 'react';
import { prioritySchema, renderMacro, STATES, type AgentView, type Macro, type MacroAction } from '@bacon/inbox-contract';
import { describeError } from '../api/api-error.js';
import { useServices } from '../app/services-context.js';
import { fieldMessage } from '../ui/field-error.js';
import { formatTime } from '../ui/time-ago.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';
import { t as translate, useT, type MessageKey } from '../i18n/i18n.js';

type Draft = { id?: string; name: string; body: string; actions: MacroAction[] };
type ActionType = 'add_tag' | 'remove_tag' | 'transition' | 'assign_agent' | 'assign_round_robin' | 'set_priority';

const PRIORITIES = (prioritySchema.enum ?? []) as string[];
const EMPTY: Draft = { name: '', body: '', actions: [] };
const VARIABLES = ['contact.name', 'contact.email', 'contact.phone', 'agent.name', 'conversation.subject'];
const FALLBACK_EXAMPLE = '{{contact.name | there}}';
/** Key names, as printed on keyboards. */
const PICK_KEYS = ['Ctrl', 'K'] as const;
/** What the preview fills the variables with. */
const sample = () => ({
  contact: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
  agent: { name: translate('macros.sampleAgent'), email: 'you@example.com' },
  conversation: { id: '…', subject: translate('macros.sampleSubject'), channel: 'web' },
});
const STATE_LABELS: Record<string, MessageKey> = {
  new: 'macros.stateNew',
  assigned: 'macros.stateAssigned',
  snoozed: 'macros.stateSnoozed',
  closed: 'macros.stateClosed',
};
const PRIORITY_LABELS: Record<string, MessageKey> = {
  urgent: 'macros.priorityUrgent',
  high: 'macros.priorityHigh',
  medium: 'macros.priorityMedium',
  low: 'macros.priorityLow',
};
/** A state or priority as the person reads it (one this console does not know as the server wrote it). */
const labelOf = (labels: Record<string, MessageKey>, value: string) => (labels[value] ? translate(labels[value]) : value);

/** A translated sentence with `{name}` places filled by elements (`<kbd>`, `<code>`). */
function withNodes(text: string, nodes: Record<string, ReactNode>): ReactNode[] {
  return text.split(/\{(\w+)\}/).map((part, i) => <Fragment key={i}>{i % 2 ? (nodes[part] ?? `{${part}}`) : part}</Fragment>);
}

function typeOf(a: MacroAction): ActionType {
  if (a.type === 'assign') return 'agentId' in a ? 'assign_agent' : 'assign_round_robin';
  return a.type;
}

function fresh(type: ActionType, agents: AgentView[]): MacroAction {
  switch (type) {
    case 'add_tag':
    case 'remove_tag':
      return { type, tag: '' };
    case 'transition':
      return { type: 'transition', to: 'closed' };
    case 'assign_agent':
      return { type: 'assign', agentId: agents[0]?.agentId ?? '' };
    case 'assign_round_robin':
      return { type: 'assign', strategy: 'round_robin' };
    case 'set_priority':
      return { type: 'set_priority', priority: (PRIORITIES[PRIORITIES.length - 1] ?? 'high') as never };
  }
}

/** One line a person reads for an action. */
export function describeAction(a: MacroAction, agentName: (id: string) => string): string {
  switch (a.type) {
    case 'add_tag':
      return translate('macros.addTag', { tag: a.tag });
    case 'remove_tag':
      return translate('macros.removeTag', { tag: a.tag });
    case 'transition':
      return translate('macros.moveTo', { state: labelOf(STATE_LABELS, a.to) });
    case 'assign':
      return 'agentId' in a ? translate('macros.assignTo', { name: agentName(a.agentId) }) : translate('macros.assignRoundRobin');
    case 'set_priority':
      return translate('macros.setPriority', { priority: labelOf(PRIORITY_LABELS, a.priority) });
  }
}

/**
 * Macros: every agent sees them (and uses them from the reply box with `/`); admins write them here,
 * with the reply's variables previewed and the actions picked from lists.
 */
export function MacrosView({ isAdmin }: { isAdmin: boolean }) {
  const { inbox } = useServices();
  const toasts = useToasts();
  const t = useT();
  const macros = useLoad(() => inbox.listMacros(), [inbox]);
  const agents = useLoad(() => inbox.listAgents(), [inbox]);
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const agentList = agents.data ?? [];
  const agentName = (id: string) => {
    const a = agentList.find((x) => x.agentId === id);
    return a?.name || a?.email || t('macros.agentGone');
  };

  const edit = (m?: Macro) => {
    setError(undefined);
    setDraft(m ? { id: m.id, name: m.name, body: m.body ?? '', actions: m.actions } : { ...EMPTY });
  };
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft) return;
    setSaving(true);
    try {
      const input = { name: draft.name.trim(), body: draft.body.trim() ? draft.body : null, actions: draft.actions };
      const saved = draft.id ? await inbox.updateMacro(draft.id, input) : await inbox.createMacro(input);
      macros.set((all) => (draft.id ? (all ?? []).map((m) => (m.id === saved.id ? saved : m)) : [...(all ?? []), saved]));
      toasts.info(draft.id ? t('macros.saved', { name: saved.name }) : t('macros.created', { name: saved.name }));
      setDraft(undefined);
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  const remove = async (m: Macro) => {
    if (!window.confirm(t('macros.confirmDelete', { name: m.name }))) return;
    macros.set((all) => all?.filter((x) => x.id !== m.id));
    try {
      await inbox.deleteMacro(m.id);
      toasts.info(t('macros.deleted', { name: m.name }));
    } catch (err) {
      void macros.reload();
      toasts.error(t('macros.deleteFailed', { name: m.name, error: describeError(err) }));
    }
  };
  const setAction = (i: number, a: MacroAction) => draft && setDraft({ ...draft, actions: draft.actions.map((x, j) => (j === i ? a : x)) });

  return (
    <section className="page" aria-labelledby="macros-title">
      <h1 id="macros-title">{t('macros.title')}</h1>
      <p className="lead">
        {withNodes(t('macros.lead'), {
          slash: <kbd>/</kbd>,
          keys: (
            <>
              <kbd>{PICK_KEYS[0]}</kbd>+<kbd>{PICK_KEYS[1]}</kbd>
            </>
          ),
        })}
        {!isAdmin && t('macros.leadAgents')}
      </p>
      {macros.error && (
        <p className="form-error" role="alert">
          {macros.error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('macros.colName')}</th>
            <th scope="col">{t('macros.colReply')}</th>
            <th scope="col">{t('macros.colActions')}</th>
            <th scope="col">{t('macros.colChanged')}</th>
            {isAdmin && (
              <th scope="col">
                <span className="sr-only">{t('macros.colEditDelete')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {macros.data?.length === 0 && (
            <tr>
              <td colSpan={isAdmin ? 5 : 4} className="empty">
                {t('macros.none')}
                {isAdmin && t('macros.noneAdmin')}
              </td>
            </tr>
          )}
          {macros.data?.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.name}</th>
              <td className="macro-body">{m.body ?? <span className="muted">{t('macros.actionsOnly')}</span>}</td>
              <td>
                {m.actions.length ? (
                  <ul className="plain-list">
                    {m.actions.map((a, i) => (
                      <li key={i}>{describeAction(a, agentName)}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{t('macros.noActions')}</span>
                )}
              </td>
              <td>{formatTime(m.updatedAt)}</td>
              {isAdmin && (
                <td className="actions">
                  <button type="button" className="button ghost" onClick={() => edit(m)} aria-label={t('macros.editOf', { name: m.name })}>
                    {t('common.edit')}
                  </button>
                  <button
                    type="button"
                    className="button ghost danger"
                    onClick={() => void remove(m)}
                    aria-label={t('macros.deleteOf', { name: m.name })}
                  >
                    {t('common.delete')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin && !draft && (
        <button type="button" className="button primary" onClick={() => edit()}>
          {t('macros.newMacro')}
        </button>
      )}
      {isAdmin && draft && (
        <form className="card-form" onSubmit={save} aria-labelledby="macro-form-title">
          <h2 id="macro-form-title">{draft.id ? t('macros.editTitle', { name: draft.name }) : t('macros.newMacro')}</h2>
          <div className="field">
            <label htmlFor="macro-name">{t('macros.name')}</label>
            <input
              id="macro-name"
              required
              maxLength={120}
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
              aria-invalid={!!fieldMessage(error, 'name')}
              aria-describedby="macro-name-error"
            />
            <span className="field-error" id="macro-name-error">
              {fieldMessage(error, 'name')}
            </span>
          </div>
          <div className="field">
            <label htmlFor="macro-body">{t('macros.reply')}</label>
            <textarea
              id="macro-body"
              rows={4}
              maxLength={20000}
              value={draft.body}
              onChange={(e) => setDraft({ ...draft, body: e.target.value })}
              aria-describedby="macro-body-help"
            />
            <span className="field-help" id="macro-body-help">
              {withNodes(t('macros.bodyHelp'), {
                variables: VARIABLES.map((v, i) => (
                  <Fragment key={v}>
                    {i > 0 && ', '}
                    <code>{`{{${v}}}`}</code>
                  </Fragment>
                )),
                fallback: <code>{FALLBACK_EXAMPLE}</code>,
              })}
            </span>
          </div>
          {draft.body.trim() && (
            <div className="macro-preview-box" aria-live="polite">
              <strong>{t('macros.preview')}</strong>
              {t('macros.previewSample')}
              <p>{renderMacro(draft.body, sample())}</p>
            </div>
          )}
          <fieldset className="macro-actions">
            <legend>{t('macros.actionsInOrder')}</legend>
            {draft.actions.length === 0 && <p className="muted">{t('macros.onlyReply')}</p>}
            {draft.actions.map((a, i) => (
              <div className="form-grid" key={i}>
                <div className="field">
                  <label htmlFor={`macro-action-${i}`}>{t('macros.actionN', { n: i + 1 })}</label>
                  <select
                    id={`macro-action-${i}`}
                    value={typeOf(a)}
                    onChange={(e) => setAction(i, fresh(e.target.value as ActionType, agentList))}
                  >
                    <option value="add_tag">{t('macros.optAddTag')}</option>
                    <option value="remove_tag">{t('macros.optRemoveTag')}</option>
                    <option value="transition">{t('macros.optTransition')}</option>
                    <option value="assign_agent">{t('macros.optAssignAgent')}</option>
                    <option value="assign_round_robin">{t('macros.optRoundRobin')}</option>
                    <option value="set_priority">{t('macros.optPriority')}</option>
                  </select>
                </div>
                {(a.type === 'add_tag' || a.type === 'remove_tag') && (
                  <div className="field">
                    <label htmlFor={`macro-action-${i}-tag`}>{t('macros.tag')}</label>
                    <input
                      id={`macro-action-${i}-tag`}
                      required
                      maxLength={64}
                      value={a.tag}
                      onChange={(e) => setAction(i, { ...a, tag: e.target.value })}
                    />
                  </div>
                )}
                {a.type === 'transition' && (
                  <div className="field">
                    <label htmlFor={`macro-action-${i}-to`}>{t('macros.newState')}</label>
                    <select id={`macro-action-${i}-to`} value={a.to} onChange={(e) => setAction(i, { ...a, to: e.target.value as never })}>
                      {STATES.map((s) => (
                        <option key={s} value={s}>
                          {labelOf(STATE_LABELS, s)}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
                {a.type === 'assign' && 'agentId' in a && (
                  <div className="field">
                    <label htmlFor={`macro-action-${i}-agent`}>{t('macros.agent')}</label>
                    <select
                      id={`macro-action-${i}-agent`}
                      value={a.agentId}
                      onChange={(e) => setAction(i, { type: 'assign', agentId: e.target.value })}
                    >
                      {agentList.map((g) => (
                        <option key={g.agentId} value={g.agentId}>
                          {g.name || g.email}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
                {a.type === 'set_priority' && (
                  <div className="field">
                    <label htmlFor={`macro-action-${i}-priority`}>{t('macros.priority')}</label>
                    <select
                      id={`macro-action-${i}-priority`}
                      value={a.priority}
                      onChange={(e) => setAction(i, { ...a, priority: e.target.value as never })}
                    >
                      {PRIORITIES.map((p) => (
                        <option key={p} value={p}>
                          {labelOf(PRIORITY_LABELS, p)}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
                <div className="field">
                  <button
                    type="button"
                    className="button ghost danger"
                    onClick={() => setDraft({ ...draft, actions: draft.actions.filter((_, j) => j !== i) })}
                    aria-label={t('macros.removeActionN', { n: i + 1 })}
                  >
                    {t('macros.remove')}
                  </button>
                </div>
              </div>
            ))}
            {draft.actions.length < 20 && (
              <button
                type="button"
                className="button ghost"
                onClick={() => setDraft({ ...draft, actions: [...draft.actions, fresh('add_tag', agentList)] })}
              >
                {t('macros.addAction')}
              </button>
            )}
          </fieldset>
          {error !== undefined && !fieldMessage(error, 'name') && (
            <p className="form-error" role="alert">
              {describeError(error)}
            </p>
          )}
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={saving}>
              {draft.id ? t('macros.saveMacro') : t('macros.createMacro')}
            </button>
            <button type="button" className="button ghost" onClick={() => setDraft(undefined)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
