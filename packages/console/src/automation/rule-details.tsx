import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { AutomationApi, DryRunView, RuleView } from '../api/automation-api.js';
import { formatTime } from '../ui/time-ago.js';
import { useLoad } from '../ui/use-load.js';

/** The evaluations of a rule that fired (its audit rows), newest first. */
export function RuleHistory({ api, rule }: { api: AutomationApi; rule: RuleView }) {
  const history = useLoad(() => api.evaluations(rule.id), [api, rule.id]);
  return (
    <section aria-labelledby="rule-history-title" className="card-form">
      <h2 id="rule-history-title">History of “{rule.name}”</h2>
      <button type="button" className="button ghost" onClick={() => void history.reload()}>
        Refresh history
      </button>
      {history.error && <p role="alert">{history.error}</p>}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Trigger</th>
            <th scope="col">Version</th>
            <th scope="col">Result</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {history.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                The rule has not fired yet.
              </td>
            </tr>
          )}
          {history.data?.map((e) => (
            <tr key={e.id}>
              <td>{formatTime(e.startedAt)}</td>
              <td>{e.trigger}</td>
              <td>v{e.ruleVersion}</td>
              <td>{e.status === 'failed' ? `failed: ${e.error ?? ''}` : e.status}</td>
              <td>{e.actions.map((a) => `${a.type} ${a.ok ? 'ok' : 'failed'}`).join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Evaluates the rule against a past conversation and shows what would happen (nothing runs). */
export function DryRunPanel({ api, rule }: { api: AutomationApi; rule: RuleView }) {
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
      <h2 id="dry-run-title">Dry run of “{rule.name}”</h2>
      <div className="field">
        <label htmlFor="dry-run-conversation">Conversation id</label>
        <input id="dry-run-conversation" required value={conversationId} onChange={(e) => setConversationId(e.target.value)} />
      </div>
      <button type="submit" className="button primary">
        Try it
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {result && (
        <div role="status">
          <p>{result.wouldFire ? 'The rule would fire.' : 'The rule would not fire.'}</p>
          <ul className="plain-list">
            {result.triggers.map((t, i) => (
              <li key={`t${i}`}>
                Trigger {t.type}: {t.matched ? 'matches' : 'no match'}
              </li>
            ))}
            {result.conditions.map((c, i) => (
              <li key={`c${i}`}>
                Condition {c.field} {c.op}: {c.matched ? 'yes' : 'no'}
              </li>
            ))}
            {result.wouldFire &&
              result.actions.map((a, i) => (
                <li key={`a${i}`}>
                  Would {String(a.type)}
                  {typeof a.text === 'string' ? `: “${a.text}”` : ''}
                </li>
              ))}
          </ul>
        </div>
      )}
    </form>
  );
}
