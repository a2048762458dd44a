import { useState } from 'react';
import type { AutomationApi, FlowView } from '../api/automation-api.js';
import { formatTime } from '../ui/time-ago.js';
import { useLoad } from '../ui/use-load.js';
import { formatNumber, t as translate, useT, type MessageKey } from '../i18n/i18n.js';

const RUN_STATUSES: Record<string, MessageKey> = {
  running: 'automation.statusRunning',
  waiting: 'automation.statusWaiting',
  done: 'automation.statusDone',
  failed: 'automation.statusFailed',
  handed_over: 'automation.statusHandedOver',
};

/** A run's or an evaluation's status as the person reads it (an unknown one as the server wrote it). */
export function statusLabel(status: string): string {
  const key = RUN_STATUSES[status];
  return key ? translate(key) : status;
}

/** A flow's runs: where each stands and each step's time and outcome. */
function FlowRuns({ api, flow }: { api: AutomationApi; flow: FlowView }) {
  const t = useT();
  const runs = useLoad(() => api.flowRuns(flow.id), [api, flow.id]);
  return (
    <div>
      {runs.error && <p role="alert">{runs.error}</p>}
      {runs.data?.length === 0 && <p className="muted">{t('automation.noRuns')}</p>}
      <ul className="plain-list">
        {runs.data?.map((r) => (
          <li key={r.id}>
            {formatTime(r.startedAt)}: <strong>{statusLabel(r.status)}</strong>
            {r.status === 'waiting' ? t('automation.runAt', { step: r.currentStep }) : ''}
            {r.error ? ` (${r.error})` : ''} —{' '}
            {r.steps
              .map((s) =>
                t('automation.stepLine', {
                  step: s.id,
                  outcome: s.ok ? (s.outcome ?? t('automation.stepOk')) : t('automation.stepFailed'),
                  ms: formatNumber(s.ms),
                }),
              )
              .join(' → ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The tenant's flows (written through the API, started by rules) and their runs. */
export function FlowsSection({ api, flows }: { api: AutomationApi; flows: FlowView[] | undefined }) {
  const t = useT();
  const [open, setOpen] = useState<string>();
  return (
    <section aria-labelledby="flows-title">
      <h2 id="flows-title">{t('automation.flows')}</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('automation.colFlow')}</th>
            <th scope="col">{t('automation.colSteps')}</th>
            <th scope="col">{t('automation.colVersion')}</th>
            <th scope="col">
              <span className="sr-only">{t('automation.colRuns')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {flows?.length === 0 && (
            <tr>
              <td colSpan={4} className="empty">
                {t('automation.noFlows')}
              </td>
            </tr>
          )}
          {flows?.map((f) => (
            <tr key={f.id}>
              <th scope="row">
                {f.name}
                {!f.enabled && <span className="muted">{t('automation.disabled')}</span>}
              </th>
              <td>{f.definition.steps.map((s) => s.id).join(' → ')}</td>
              <td>{t('automation.version', { version: f.version })}</td>
              <td>
                <button
                  type="button"
                  className="button ghost"
                  aria-expanded={open === f.id}
                  onClick={() => setOpen(open === f.id ? undefined : f.id)}
                >
                  {t('automation.runsOf', { name: f.name })}
                </button>
                {open === f.id && <FlowRuns api={api} flow={f} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
