import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { AutomationApi, DryRunView, RuleView } from '../api/automation-api.js';
import { formatTime } from '../ui/time-ago.js';
import { useLoad } from '../ui/use-load.js';
import { useT } from '../i18n/i18n.js';
import { statusLabel } from './flows-section.js';

/** The evaluations of a rule that fired (its audit rows), newest first. */
export function RuleHistory({ api, rule }: { api: AutomationApi; rule: RuleView }) {
  const t = useT();
  const history = useLoad(() => api.evaluations(rule.id), [api, rule.id]);
  return (
    <section aria-labelledby="rule-history-title" className="card-form">
      <h2 id="rule-history-title">{t('automation.historyTitle', { name: rule.name })}</h2>
      <button type="button" className="button ghost" onClick={() => void history.reload()}>
        {t('automation.refreshHistory')}
      </button>
      {history.error && <p role="alert">{history.error}</p>}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('automation.colWhen')}</th>
            <th scope="col">{t('automation.colTrigger')}</th>
            <th scope="col">{t('automation.colVersion')}</th>
            <th scope="col">{t('automation.colResult')}</th>
            <th scope="col">{t('automation.colActions')}</th>
          </tr>
        </thead>
        <tbody>
          {history.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                {t('automation.notFiredYet')}
              </td>
            </tr>
          )}
          {history.data?.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.startedAt)}</td>
              <td>{e.trigger}</td>
              <td>{t('automation.version', { version: e.ruleVersion })}</td>
              <td>{e.status === 'failed' ? t('automation.failedWith', { error: e.error ?? '' }) : statusLabel(e.status)}</td>
              <td>{e.actions.map((a) => `${a.type} ${a.ok ? t('automation.stepOk') : t('automation.stepFailed')}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Evaluates the rule against a past conversation and shows what would happen (nothing runs). */
export function DryRunPanel({ api, rule }: { api: AutomationApi; rule: RuleView }) {
  const t = useT();
  const [conversationId, setConversationId] = useState('');
  const [result, setResult] = useState<DryRunView>();
  const [error, setError] = useState<string>();
  const run = async (e: FormEvent) => {
    e.preventDefault();
    try {
      setResult(await api.dryRun(rule.id, conversationId.trim()));
      setError(undefined);
    } catch (err) {
      setError(describeError(err));
      setResult(undefined);
    }
  };
  return (
    <form className="card-form" onSubmit={run} aria-labelledby="dry-run-title">
      <h2 id="dry-run-title">{t('automation.dryRunTitle', { name: rule.name })}</h2>
      <div className="field">
        <label htmlFor="dry-run-conversation">{t('automation.conversationId')}</label>
        <input id="dry-run-conversation" required value={conversationId} onChange={(e) => setConversationId(e.target.value)} />
      </div>
      <button type="submit" className="button primary">
        {t('automation.tryIt')}
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div role="status">
          <p>{result.wouldFire ? t('automation.wouldFire') : t('automation.wouldNotFire')}</p>
          <ul className="plain-list">
            {result.triggers.map((tr, i) => (
              <li key={`t${i}`}>
                {t('automation.dryTrigger', { type: tr.type, result: tr.matched ? t('automation.matches') : t('automation.noMatch') })}
              </li>
            ))}
            {result.conditions.map((c, i) => (
              <li key={`c${i}`}>
                {t('automation.dryCondition', { field: c.field, op: c.op, result: c.matched ? t('automation.yes') : t('automation.no') })}
              </li>
            ))}
            {result.wouldFire &&
              result.actions.map((a, i) => (
                <li key={`a${i}`}>
                  {t('automation.dryAction', { type: String(a.type) })}
                  {typeof a.text === 'string' ? `: “${a.text}”` : ''}
                </li>
              ))}
          </ul>
        </div>
      )}
    </form>
  );
}
