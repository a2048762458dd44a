import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { useLoad } from '../ui/use-load.js';
import { BreakerChips, HealthChip } from './plugin-status.js';

/** Every installed plugin: tier, version, enabled for this workspace, health, breakers. */
export function PluginsView() {
  const { plugins } = useServices();
  const list = useLoad(() => plugins.list(), [plugins]);
  return (
    <section className="page" aria-labelledby="plugins-title">
      <h1 id="plugins-title">Plugins</h1>
      <p className="lead">
        First-party plugins run inside Bacon; every other plugin runs sandboxed and gets only the capabilities you grant.
      </p>
      {list.error && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Plugin</th>
            <th scope="col">Version</th>
            <th scope="col">Runs</th>
            <th scope="col">This workspace</th>
            <th scope="col">Health</th>
            <th scope="col">Breakers</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.map((p) => (
            <tr key={p.id} data-plugin={p.id}>
              <td>
                <a href={hrefFor({ name: 'plugin', id: p.id })}>{p.title ?? p.id}</a>
                {p.description && <div className="muted small">{p.description}</div>}
              </td>
              <td className="mono">{p.version}</td>
              <td>{p.tier === 'trusted' ? 'In-process' : 'Sandboxed'}</td>
              <td>{p.enabled ? <span className="chip chip-ok">Enabled</span> : <span className="chip">Disabled</span>}</td>
              <td>
                <HealthChip p={p} />
              </td>
              <td>
                <BreakerChips p={p} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
