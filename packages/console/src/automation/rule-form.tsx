import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { FlowView } from '../api/automation-api.js';
import { fieldMessage } from '../ui/field-error.js';
import { useT } from '../i18n/i18n.js';
import {
  ACTION_TYPES,
  CONDITION_FIELDS,
  conditionValue,
  freshAction,
  freshTrigger,
  keywordList,
  OPS,
  STATES,
  stateLabel,
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
function TriggerFields({ t: trigger, n, set }: { t: Row; n: number; set(t: Row): void }) {
  const t = useT();
  const id = `trigger-${n}`;
  switch (trigger.type) {
    case 'message.received':
      return (
        <div className="field">
          <label htmlFor={`${id}-keywords`}>{t('automation.keywords')}</label>
          <input
            id={`${id}-keywords`}
            defaultValue={((trigger.keywords as string[] | undefined) ?? []).join(', ')}
            onChange={(e) => set({ ...trigger, keywords: keywordList(e.target.value) })}
          />
        </div>
      );
    case 'conversation.transitioned':
      return (
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('automation.toState')}</label>
          <select
            id={`${id}-to`}
            value={((trigger.to as string[]) ?? [])[0] ?? ''}
            onChange={(e) => set({ ...trigger, to: e.target.value ? [e.target.value] : [] })}
          >
            <option value="">{t('automation.anyState')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>
        </div>
      );
    case 'inactivity':
      return (
        <>
          <div className="field">
            <label htmlFor={`${id}-side`}>{t('automation.waitingFor')}</label>
            <select id={`${id}-side`} value={String(trigger.waitingFor)} onChange={(e) => set({ ...trigger, waitingFor: e.target.value })}>
              <option value="agent">{t('automation.waitingForAgent')}</option>
              <option value="visitor">{t('automation.waitingForVisitor')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-minutes`}>{t('automation.minutes')}</label>
            <input
              id={`${id}-minutes`}
              type="number"
              min={1}
              value={Math.round(Number(trigger.seconds) / 60)}
              onChange={(e) => set({ ...trigger, seconds: Math.max(1, Number(e.target.value)) * 60 })}
            />
          </div>
        </>
      );
    case 'schedule':
      return (
        <>
          <div className="field">
            <label htmlFor={`${id}-cron`}>{t('automation.cron')}</label>
            <input id={`${id}-cron`} value={String(trigger.cron)} onChange={(e) => set({ ...trigger, cron: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-tz`}>{t('automation.timeZone')}</label>
            <input id={`${id}-tz`} value={String(trigger.timeZone ?? '')} onChange={(e) => set({ ...trigger, timeZone: e.target.value })} />
          </div>
        </>
      );
    case 'plugin':
      return (
        <>
          <div className="field">
            <label htmlFor={`${id}-plugin`}>{t('automation.pluginId')}</label>
            <input id={`${id}-plugin`} value={String(trigger.pluginId)} onChange={(e) => set({ ...trigger, pluginId: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('automation.triggerName')}</label>
            <input id={`${id}-name`} value={String(trigger.name)} onChange={(e) => set({ ...trigger, name: e.target.value })} />
          </div>
        </>
      );
    default:
      return null;
  }
}

/** The fields of one action, by its type. */
function ActionFields({ a, n, set, flows }: { a: Row; n: number; set(a: Row): void; flows: FlowView[] }) {
  const t = useT();
  const id = `action-${n}`;
  switch (a.type) {
    case 'send_message':
      return (
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('automation.messageText')}</label>
          <textarea id={`${id}-text`} required rows={2} value={String(a.text)} onChange={(e) => set({ ...a, text: e.target.value })} />
        </div>
      );
    case 'transition':
      return (
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('automation.newState')}</label>
          <select id={`${id}-to`} value={String(a.to)} onChange={(e) => set({ ...a, to: e.target.value })}>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {stateLabel(s)}
              </option>
            ))}
          </select>
        </div>
      );
    case 'start_flow':
      return (
        <div className="field">
          <label htmlFor={`${id}-flow`}>{t('automation.flow')}</label>
          <select id={`${id}-flow`} required value={String(a.flowId)} onChange={(e) => set({ ...a, flowId: e.target.value })}>
            <option value="">{t('automation.pickFlow')}</option>
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
            <label htmlFor={`${id}-plugin`}>{t('automation.pluginId')}</label>
            <input id={`${id}-plugin`} required value={String(a.pluginId)} onChange={(e) => set({ ...a, pluginId: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-action`}>{t('automation.actionName')}</label>
            <input id={`${id}-action`} required value={String(a.action)} onChange={(e) => set({ ...a, action: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-input`}>{t('automation.input', { example: '{{message.body}}' })}</label>
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
          <label htmlFor={`${id}-url`}>{t('automation.url')}</label>
          <input id={`${id}-url`} type="url" required value={String(a.url)} onChange={(e) => set({ ...a, url: e.target.value })} />
        </div>
      );
    default:
      return null;
  }
}

/** Create or edit a rule: its triggers, conditions and actions picked from lists (never raw JSON). */
export function RuleForm({ initial, flows, onSave, onCancel }: Props) {
  const t = useT();
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
      <h2 id="rule-form-title">{d.id ? t('automation.editTitle', { name: initial.name }) : t('automation.newRule')}</h2>
      <div className="field">
        <label htmlFor="rule-name">{t('automation.name')}</label>
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
        <label htmlFor="rule-enabled">{t('automation.enabled')}</label>
      </div>

      <fieldset>
        <legend>{t('automation.whenAny')}</legend>
        {d.triggers.map((tr, i) => (
          <div className="rule-row" key={`${i}-${tr.type}`}>
            <div className="field">
              <label htmlFor={`trigger-${i + 1}-type`}>{t('automation.triggerN', { n: i + 1 })}</label>
              <select
                id={`trigger-${i + 1}-type`}
                value={tr.type}
                onChange={(e) => setD({ ...d, triggers: replaceAt(d.triggers, i, freshTrigger(e.target.value)) })}
              >
                {TRIGGER_TYPES.map((o) => (
                  <option key={o.value} value={o.value}>
                    {t(o.label)}
                  </option>
                ))}
              </select>
            </div>
            <TriggerFields t={tr} n={i + 1} set={(v) => setD({ ...d, triggers: replaceAt(d.triggers, i, v) })} />
            {d.triggers.length > 1 && (
              <button type="button" className="button ghost" onClick={() => setD({ ...d, triggers: without(d.triggers, i) })}>
                {t('automation.removeTrigger', { n: i + 1 })}
              </button>
            )}
          </div>
        ))}
        <button
          type="button"
          className="button ghost"
          onClick={() => setD({ ...d, triggers: [...d.triggers, freshTrigger('conversation.created')] })}
        >
          {t('automation.addTrigger')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('automation.if')}</legend>
        {d.conditions.length > 1 && (
          <div className="field">
            <label htmlFor="rule-match">{t('automation.conditionsToMeet')}</label>
            <select id="rule-match" value={d.match} onChange={(e) => setD({ ...d, match: e.target.value as 'all' | 'any' })}>
              <option value="all">{t('automation.allOfThem')}</option>
              <option value="any">{t('automation.anyOfThem')}</option>
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
              <label htmlFor={`condition-${i + 1}-field`}>{t('automation.conditionField', { n: i + 1 })}</label>
              <input
                id={`condition-${i + 1}-field`}
                list="condition-fields"
                required
                value={c.field}
                onChange={(e) => setCondition(i, { ...c, field: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={`condition-${i + 1}-op`}>{t('automation.conditionTest', { n: i + 1 })}</label>
              <select id={`condition-${i + 1}-op`} value={c.op} onChange={(e) => setCondition(i, { ...c, op: e.target.value })}>
                {OPS.map((o) => (
                  <option key={o}>{o}</option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={`condition-${i + 1}-value`}>{t('automation.conditionValue', { n: i + 1 })}</label>
              <input
                id={`condition-${i + 1}-value`}
                value={c.value === undefined ? '' : String(c.value)}
                onChange={(e) => setCondition(i, { ...c, value: conditionValue(e.target.value) })}
              />
            </div>
            <button type="button" className="button ghost" onClick={() => setD({ ...d, conditions: without(d.conditions, i) })}>
              {t('automation.removeCondition', { n: i + 1 })}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button ghost"
          onClick={() => setD({ ...d, conditions: [...d.conditions, { field: 'channel.id', op: 'equals', value: 'web' }] })}
        >
          {t('automation.addCondition')}
        </button>
      </fieldset>

      <fieldset>
        <legend>{t('automation.thenInOrder')}</legend>
        {d.actions.map((a, i) => (
          <div className="rule-row" key={`${i}-${a.type}`}>
            <div className="field">
              <label htmlFor={`action-${i + 1}-type`}>{t('automation.actionN', { n: i + 1 })}</label>
              <select
                id={`action-${i + 1}-type`}
                value={a.type}
                onChange={(e) => setD({ ...d, actions: replaceAt(d.actions, i, freshAction(e.target.value, flows[0]?.id)) })}
              >
                {ACTION_TYPES.map((o) => (
                  <option key={o.value} value={o.value}>
                    {t(o.label)}
                  </option>
                ))}
              </select>
            </div>
            <ActionFields a={a} n={i + 1} flows={flows} set={(v) => setD({ ...d, actions: replaceAt(d.actions, i, v) })} />
            {d.actions.length > 1 && (
              <button type="button" className="button ghost" onClick={() => setD({ ...d, actions: without(d.actions, i) })}>
                {t('automation.removeAction', { n: i + 1 })}
              </button>
            )}
          </div>
        ))}
        <button type="button" className="button ghost" onClick={() => setD({ ...d, actions: [...d.actions, freshAction('send_message')] })}>
          {t('automation.addAction')}
        </button>
      </fieldset>

      <div className="field">
        <label htmlFor="rule-debounce">{t('automation.debounce')}</label>
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
          {d.id ? t('automation.saveRule') : t('automation.createRule')}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
