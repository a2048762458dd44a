import { useState } from 'react';
import type { AutomationApi, FlowView } from '../api/automation-api.js';
import { formatTime } from '../ui/time-ago.js';
import { useLoad } from '../ui/use-load.js';

/** A flow's runs: where each stands and each step's time and outcome. */
function FlowRuns({ api, flow }: { api: AutomationApi; flow: FlowView }) {
  const runs = useLoad(() => api.flowRuns(flow.id), [api, flow.id]);
  return (
    <div>
      {runs.error && <p role="alert">{runs.error}</p>}
      {runs.data?.length === 0 && <p className="muted">No runs yet.</p>}
      <ul className="plain-list">
        {runs.data?.map((r) => (
          <li key={r.id}>
            {formatTime(r.startedAt)}: <strong>{r.status}</strong>
            {r.status === 'waiting' ? ` at ${r.currentStep}` : ''}
            {r.error ? ` (${r.error})` : ''} —{' '}
            {r.steps.map((s) => `${s.id} ${s.ok ? (s.outcome ?? 'ok') : 'failed'} ${s.ms} ms`).join(' → ')}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The tenant's flows (written through the API, started by rules) and their runs. */
export function FlowsSection({ api, flows }: { api: AutomationApi; flows: FlowView[] | undefined }) {
  const [open, setOpen] = useState<string>();
  return (
    <section aria-labelledby="flows-title">
      <h2 id="flows-title">Flows</h2>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Flow</th>
            <th scope="col">Steps</th>
            <th scope="col">Version</th>
            <th scope="col">
              <span className="sr-only">Runs</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {flows?.length === 0 && (
            <tr>
              <td colSpan={4} className="empty">
                No flows yet: create them with POST /api/v1/automation-flows (docs/automation.md).
              </td>
            </tr>
          )}
          {flows?.map((f) => (
            <tr key={f.id}>
              <th scope="row">
                {f.name}
                {!f.enabled && <span className="muted"> (disabled)</span>}
              </th>
              <td>{f.definition.steps.map((s) => s.id).join(' → ')}</td>
              <td>v{f.version}</td>
              <td>
                <button
                  type="button"
                  className="button ghost"
                  aria-expanded={open === f.id}
                  onClick={() => setOpen(open === f.id ? undefined : f.id)}
                >
                  Runs of {f.name}
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
