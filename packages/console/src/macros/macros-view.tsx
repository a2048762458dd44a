import { useState, type FormEvent } from 'react';
import { prioritySchema, renderMacro, STATES, type AgentView, type Macro, type MacroAction } from '@bacon/inbox-contract';
import { describeError } from '../api/api-error.js';
import { useServices } from '../app/services-context.js';
import { fieldMessage } from '../ui/field-error.js';
import { formatTime } from '../ui/time-ago.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';

type Draft = { id?: string; name: string; body: string; actions: MacroAction[] };
type ActionType = 'add_tag' | 'remove_tag' | 'transition' | 'assign_agent' | 'assign_round_robin' | 'set_priority';

const PRIORITIES = (prioritySchema.enum ?? []) as string[];
const EMPTY: Draft = { name: '', body: '', actions: [] };
/** What the preview fills the variables with. */
const SAMPLE = {
  contact: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
  agent: { name: 'You', email: 'you@example.com' },
  conversation: { id: '…', subject: 'Where is my parcel?', channel: 'web' },
};

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
      return `Add tag “${a.tag}”`;
    case 'remove_tag':
      return `Remove tag “${a.tag}”`;
    case 'transition':
      return `Move to ${a.to}`;
    case 'assign':
      return 'agentId' in a ? `Assign to ${agentName(a.agentId)}` : 'Assign round-robin';
    case 'set_priority':
      return `Set priority ${a.priority}`;
  }
}

/**
 * Macros: every agent sees them (and uses them from the reply box with `/`); admins write them here,
 * with the reply's variables previewed and the actions picked from lists.
 */
export function MacrosView({ isAdmin }: { isAdmin: boolean }) {
  const { inbox } = useServices();
  const toasts = useToasts();
  const macros = useLoad(() => inbox.listMacros(), [inbox]);
  const agents = useLoad(() => inbox.listAgents(), [inbox]);
  const [draft, setDraft] = useState<Draft>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const agentList = agents.data ?? [];
  const agentName = (id: string) => {
    const a = agentList.find((x) => x.agentId === id);
    return a?.name || a?.email || 'an agent no longer here';
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
      toasts.info(draft.id ? `Saved “${saved.name}”.` : `Created “${saved.name}”: type / in a reply to use it.`);
      setDraft(undefined);
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  const remove = async (m: Macro) => {
    if (!window.confirm(`Delete the macro “${m.name}”?`)) return;
    macros.set((all) => all?.filter((x) => x.id !== m.id));
    try {
      await inbox.deleteMacro(m.id);
      toasts.info(`Deleted “${m.name}”.`);
    } catch (err) {
      void macros.reload();
      toasts.error(`Could not delete “${m.name}”: ${describeError(err)}`);
    }
  };
  const setAction = (i: number, a: MacroAction) => draft && setDraft({ ...draft, actions: draft.actions.map((x, j) => (j === i ? a : x)) });

  return (
    <section className="page" aria-labelledby="macros-title">
      <h1 id="macros-title">Macros</h1>
      <p className="lead">
        Saved replies with actions. In a conversation, type <kbd>/</kbd> at the start of the reply (or press <kbd>Ctrl</kbd>+<kbd>K</kbd>)
        to pick one.{!isAdmin && ' Administrators write them.'}
      </p>
      {macros.error && (
        <p className="form-error" role="alert">
          {macros.error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Reply</th>
            <th scope="col">Actions</th>
            <th scope="col">Changed</th>
            {isAdmin && (
              <th scope="col">
                <span className="sr-only">Edit or delete</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {macros.data?.length === 0 && (
            <tr>
              <td colSpan={isAdmin ? 5 : 4} className="empty">
                No macros yet.{isAdmin && ' Create the first one below.'}
              </td>
            </tr>
          )}
          {macros.data?.map((m) => (
            <tr key={m.id}>
              <th scope="row">{m.name}</th>
              <td className="macro-body">{m.body ?? <span className="muted">(actions only)</span>}</td>
              <td>
                {m.actions.length ? (
                  <ul className="plain-list">
                    {m.actions.map((a, i) => (
                      <li key={i}>{describeAction(a, agentName)}</li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">none</span>
                )}
              </td>
              <td>{formatTime(m.updatedAt)}</td>
              {isAdmin && (
                <td className="actions">
                  <button type="button" className="button ghost" onClick={() => edit(m)} aria-label={`Edit macro ${m.name}`}>
                    Edit
                  </button>
                  <button
                    type="button"
                    className="button ghost danger"
                    onClick={() => void remove(m)}
                    aria-label={`Delete macro ${m.name}`}
                  >
                    Delete
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {isAdmin && !draft && (
        <button type="button" className="button primary" onClick={() => edit()}>
          New macro
        </button>
      )}
      {isAdmin && draft && (
        <form className="card-form" onSubmit={save} aria-labelledby="macro-form-title">
          <h2 id="macro-form-title">{draft.id ? `Edit “${draft.name}”` : 'New macro'}</h2>
          <div className="field">
            <label htmlFor="macro-name">Name</label>
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
            <label htmlFor="macro-body">Reply</label>
            <textarea
              id="macro-body"
              rows={4}
              maxLength={20000}
              value={draft.body}
              onChange={(e) => setDraft({ ...draft, body: e.target.value })}
              aria-describedby="macro-body-help"
            />
            <span className="field-help" id="macro-body-help">
              Leave empty for a macro that only acts. Variables: <code>{'{{contact.name}}'}</code>, <code>{'{{contact.email}}'}</code>,{' '}
              <code>{'{{contact.phone}}'}</code>, <code>{'{{agent.name}}'}</code>, <code>{'{{conversation.subject}}'}</code>; a fallback
              after a bar: <code>{'{{contact.name | there}}'}</code>.
            </span>
          </div>
          {draft.body.trim() && (
            <div className="macro-preview-box" aria-live="polite">
              <strong>Preview</strong> (with a sample contact)
              <p>{renderMacro(draft.body, SAMPLE)}</p>
            </div>
          )}
          <fieldset className="macro-actions">
            <legend>Actions, in order</legend>
            {draft.actions.length === 0 && <p className="muted">No actions: the macro only writes the reply.</p>}
            {draft.actions.map((a, i) => (
              <div className="form-grid" key={i}>
                <div className="field">
                  <label htmlFor={`macro-action-${i}`}>Action {i + 1}</label>
                  <select
                    id={`macro-action-${i}`}
                    value={typeOf(a)}
                    onChange={(e) => setAction(i, fresh(e.target.value as ActionType, agentList))}
                  >
                    <option value="add_tag">Add a tag</option>
                    <option value="remove_tag">Remove a tag</option>
                    <option value="transition">Change the state</option>
                    <option value="assign_agent">Assign to an agent</option>
                    <option value="assign_round_robin">Assign round-robin</option>
                    <option value="set_priority">Set the priority</option>
                  </select>
                </div>
                {(a.type === 'add_tag' || a.type === 'remove_tag') && (
                  <div className="field">
                    <label htmlFor={`macro-action-${i}-tag`}>Tag</label>
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
                    <label htmlFor={`macro-action-${i}-to`}>New state</label>
                    <select id={`macro-action-${i}-to`} value={a.to} onChange={(e) => setAction(i, { ...a, to: e.target.value as never })}>
                      {STATES.map((s) => (
                        <option key={s} value={s}>
                          {s}
                        </option>
                      ))}
                    </select>
                  </div>
                )}
                {a.type === 'assign' && 'agentId' in a && (
                  <div className="field">
                    <label htmlFor={`macro-action-${i}-agent`}>Agent</label>
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
                    <label htmlFor={`macro-action-${i}-priority`}>Priority</label>
                    <select
                      id={`macro-action-${i}-priority`}
                      value={a.priority}
                      onChange={(e) => setAction(i, { ...a, priority: e.target.value as never })}
                    >
                      {PRIORITIES.map((p) => (
                        <option key={p} value={p}>
                          {p}
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
                    aria-label={`Remove action ${i + 1}`}
                  >
                    Remove
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
                Add an action
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
              {draft.id ? 'Save macro' : 'Create macro'}
            </button>
            <button type="button" className="button ghost" onClick={() => setDraft(undefined)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
