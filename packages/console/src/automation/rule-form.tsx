import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { FlowView } from '../api/automation-api.js';
import { fieldMessage } from '../ui/field-error.js';
import {
  ACTION_TYPES,
  CONDITION_FIELDS,
  conditionValue,
  freshAction,
  freshTrigger,
  keywordList,
  OPS,
  STATES,
  TRIGGER_TYPES,
  type ConditionRow,
  type Row,
  type RuleDraft,
} from './rule-form-model.js';

interface Props {
  initial: RuleDraft;
  flows: FlowView[];
  onSave(draft: RuleDraft): Promise<void>;
  onCancel(): void;
}

const replaceAt = <T,>(list: T[], i: number, v: T) => list.map((x, j) => (j === i ? v : x));
const without = <T,>(list: T[], i: number) => list.filter((_, j) => j !== i);

/** The fields of one trigger, by its type. */
function TriggerFields({ t, n, set }: { t: Row; n: number; set(t: Row): void }) {
  const id = `trigger-${n}`;
  switch (t.type) {
    case 'message.received':
      return (
        <div className="field">
          <label htmlFor={`${id}-keywords`}>Keywords (comma-separated; empty: any message)</label>
          <input
            id={`${id}-keywords`}
            defaultValue={((t.keywords as string[] | undefined) ?? []).join(', ')}
            onChange={(e) => set({ ...t, keywords: keywordList(e.target.value) })}
          />
        </div>
      );
    case 'conversation.transitioned':
      return (
        <div className="field">
          <label htmlFor={`${id}-to`}>To state</label>
          <select
            id={`${id}-to`}
            value={((t.to as string[]) ?? [])[0] ?? ''}
            onChange={(e) => set({ ...t, to: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">any</option>
            {STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
      );
    case 'inactivity':
      return (
        <>
          <div className="field">
            <label htmlFor={`${id}-side`}>Waiting for</label>
            <select id={`${id}-side`} value={String(t.waitingFor)} onChange={(e) => set({ ...t, waitingFor: e.target.value })}>
              <option value="agent">an agent</option>
              <option value="visitor">the visitor</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-minutes`}>Minutes</label>
            <input
              id={`${id}-minutes`}
              type="number"
              min={1}
              value={Math.round(Number(t.seconds) / 60)}
              onChange={(e) => set({ ...t, seconds: Math.max(1, Number(e.target.value)) * 60 })}
            />
          </div>
        </>
      );
    case 'schedule':
      return (
        <>
          <div className="field">
            <label htmlFor={`${id}-cron`}>Cron (minute hour day month weekday)</label>
            <input id={`${id}-cron`} value={String(t.cron)} onChange={(e) => set({ ...t, cron: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-tz`}>Time zone</label>
            <input id={`${id}-tz`} value={String(t.timeZone ?? '')} onChange={(e) => set({ ...t, timeZone: e.target.value })} />
          </div>
        </>
      );
    case 'plugin':
      return (
        <>
          <div className="field">
            <label htmlFor={`${id}-plugin`}>Plugin id</label>
            <input id={`${id}-plugin`} value={String(t.pluginId)} onChange={(e) => set({ ...t, pluginId: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>Trigger name</label>
            <input id={`${id}-name`} value={String(t.name)} onChange={(e) => set({ ...t, name: e.target.value })} />
          </div>
        </>
      );
    default:
      return null;
  }
}

/** The fields of one action, by its type. */
function ActionFields({ a, n, set, flows }: { a: Row; n: number; set(a: Row): void; flows: FlowView[] }) {
  const id = `action-${n}`;
  switch (a.type) {
    case 'send_message':
      return (
        <div className="field">
          <label htmlFor={`${id}-text`}>Message text</label>
          <textarea id={`${id}-text`} required rows={2} value={String(a.text)} onChange={(e) => set({ ...a, text: e.target.value })} />
        </div>
      );
    case 'transition':
      return (
        <div className="field">
          <label htmlFor={`${id}-to`}>New state</label>
          <select id={`${id}-to`} value={String(a.to)} onChange={(e) => set({ ...a, to: e.target.value })}>
            {STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </div>
      );
    case 'start_flow':
      return (
        <div className="field">
          <label htmlFor={`${id}-flow`}>Flow</label>
          <select id={`${id}-flow`} required value={String(a.flowId)} onChange={(e) => set({ ...a, flowId: e.target.value })}>
            <option value="">Pick a flow</option>
            {flows.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
      );
    case 'call_plugin':
      return (
        <>
          <div className="field">
            <label htmlFor={`${id}-plugin`}>Plugin id</label>
            <input id={`${id}-plugin`} required value={String(a.pluginId)} onChange={(e) => set({ ...a, pluginId: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-action`}>Action name</label>
            <input id={`${id}-action`} required value={String(a.action)} onChange={(e) => set({ ...a, action: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-input`}>Input (JSON; strings may hold {'{{message.body}}'})</label>
            <textarea
              id={`${id}-input`}
              rows={2}
              defaultValue={JSON.stringify(a.input ?? {})}
              onChange={(e) => {
                try {
                  set({ ...a, input: JSON.parse(e.target.value) as unknown });
                } catch {
                  /* kept as it was until the JSON reads */
                }
              }}
            />
          </div>
        </>
      );
    case 'webhook':
      return (
        <div className="field">
          <label htmlFor={`${id}-url`}>URL</label>
          <input id={`${id}-url`} type="url" required value={String(a.url)} onChange={(e) => set({ ...a, url: e.target.value })} />
        </div>
      );
    default:
      return null;
  }
}

/** Create or edit a rule: its triggers, conditions and actions picked from lists (never raw JSON). */
export function RuleForm({ initial, flows, onSave, onCancel }: Props) {
  const [d, setD] = useState<RuleDraft>(initial);
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    try {
      await onSave({ ...d, name: d.name.trim() });
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };
  const setCondition = (i: number, c: ConditionRow) => setD({ ...d, conditions: replaceAt(d.conditions, i, c) });

  return (
    <form className="card-form" onSubmit={submit} aria-labelledby="rule-form-title">
      <h2 id="rule-form-title">{d.id ? `Edit “${initial.name}”` : 'New rule'}</h2>
      <div className="field">
        <label htmlFor="rule-name">Name</label>
        <input
          id="rule-name"
          required
          maxLength={120}
          value={d.name}
          onChange={(e) => setD({ ...d, name: e.target.value })}
          aria-invalid={!!fieldMessage(error, 'name')}
        />
      </div>
      <div className="field checkbox">
        <input id="rule-enabled" type="checkbox" checked={d.enabled} onChange={(e) => setD({ ...d, enabled: e.target.checked })} />
        <label htmlFor="rule-enabled">Enabled</label>
      </div>

      <fieldset>
        <legend>When (any of these)</legend>
        {d.triggers.map((t, i) => (
          <div className="rule-row" key={`${i}-${t.type}`}>
            <div className="field">
              <label htmlFor={`trigger-${i + 1}-type`}>Trigger {i + 1}</label>
              <select
                id={`trigger-${i + 1}-type`}
                value={t.type}
                onChange={(e) => setD({ ...d, triggers: replaceAt(d.triggers, i, freshTrigger(e.target.value)) })}
              >
                {TRIGGER_TYPES.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <TriggerFields t={t} n={i + 1} set={(v) => setD({ ...d, triggers: replaceAt(d.triggers, i, v) })} />
            {d.triggers.length > 1 && (
              <button type="button" className="button ghost" onClick={() => setD({ ...d, triggers: without(d.triggers, i) })}>
                Remove trigger {i + 1}
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          className="button ghost"
          onClick={() => setD({ ...d, triggers: [...d.triggers, freshTrigger('conversation.created')] })}
        >
          Add a trigger
        </button>
      </fieldset>

      <fieldset>
        <legend>If</legend>
        {d.conditions.length > 1 && (
          <div className="field">
            <label htmlFor="rule-match">Conditions to meet</label>
            <select id="rule-match" value={d.match} onChange={(e) => setD({ ...d, match: e.target.value as 'all' | 'any' })}>
              <option value="all">all of them</option>
              <option value="any">any of them</option>
            </select>
          </div>
        )}
        <datalist id="condition-fields">
          {CONDITION_FIELDS.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
        {d.conditions.map((c, i) => (
          <div className="rule-row" key={i}>
            <div className="field">
              <label htmlFor={`condition-${i + 1}-field`}>Condition {i + 1} field</label>
              <input
                id={`condition-${i + 1}-field`}
                list="condition-fields"
                required
                value={c.field}
                onChange={(e) => setCondition(i, { ...c, field: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`condition-${i + 1}-op`}>Condition {i + 1} test</label>
              <select id={`condition-${i + 1}-op`} value={c.op} onChange={(e) => setCondition(i, { ...c, op: e.target.value })}>
                {OPS.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`condition-${i + 1}-value`}>Condition {i + 1} value</label>
              <input
                id={`condition-${i + 1}-value`}
                value={c.value === undefined ? '' : String(c.value)}
                onChange={(e) => setCondition(i, { ...c, value: conditionValue(e.target.value) })}
              />
            </div>
            <button type="button" className="button ghost" onClick={() => setD({ ...d, conditions: without(d.conditions, i) })}>
              Remove condition {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button ghost"
          onClick={() => setD({ ...d, conditions: [...d.conditions, { field: 'channel.id', op: 'equals', value: 'web' }] })}
        >
          Add a condition
        </button>
      </fieldset>

      <fieldset>
        <legend>Then (in order)</legend>
        {d.actions.map((a, i) => (
          <div className="rule-row" key={`${i}-${a.type}`}>
            <div className="field">
              <label htmlFor={`action-${i + 1}-type`}>Action {i + 1}</label>
              <select
                id={`action-${i + 1}-type`}
                value={a.type}
                onChange={(e) => setD({ ...d, actions: replaceAt(d.actions, i, freshAction(e.target.value, flows[0]?.id)) })}
              >
                {ACTION_TYPES.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </div>
            <ActionFields a={a} n={i + 1} flows={flows} set={(v) => setD({ ...d, actions: replaceAt(d.actions, i, v) })} />
            {d.actions.length > 1 && (
              <button type="button" className="button ghost" onClick={() => setD({ ...d, actions: without(d.actions, i) })}>
                Remove action {i + 1}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="button ghost" onClick={() => setD({ ...d, actions: [...d.actions, freshAction('send_message')] })}>
          Add an action
        </button>
      </fieldset>

      <div className="field">
        <label htmlFor="rule-debounce">At most once per conversation every (seconds, optional)</label>
        <input
          id="rule-debounce"
          type="number"
          min={0}
          max={86400}
          value={d.debounceSeconds}
          onChange={(e) => setD({ ...d, debounceSeconds: e.target.value })}
        />
      </div>
      {error !== undefined && (
        <p className="form-error" role="alert">
          {describeError(error)}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button primary" disabled={saving}>
          {d.id ? 'Save rule' : 'Create rule'}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
