import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { useLoad } from '../ui/use-load.js';
import { useT } from '../i18n/i18n.js';
import { BreakerChips, HealthChip } from './plugin-status.js';

/** Every installed plugin: tier, version, enabled for this workspace, health, breakers. */
export function PluginsView() {
  const { plugins } = useServices();
  const t = useT();
  const list = useLoad(() => plugins.list(), [plugins]);
  return (
    <section className="page" aria-labelledby="plugins-title">
      <h1 id="plugins-title">{t('plugins.title')}</h1>
      <p className="lead">{t('plugins.lead')}</p>
      {list.error && (
        <p className="form-error" role="alert">
          {list.error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('plugins.colPlugin')}</th>
            <th scope="col">{t('plugins.colVersion')}</th>
            <th scope="col">{t('plugins.colRuns')}</th>
            <th scope="col">{t('plugins.colWorkspace')}</th>
            <th scope="col">{t('plugins.colHealth')}</th>
            <th scope="col">{t('plugins.colBreakers')}</th>
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
              <td>{p.tier === 'trusted' ? t('plugins.inProcess') : t('plugins.sandboxed')}</td>
              <td>
                {p.enabled ? (
                  <span className="chip chip-ok">{t('plugins.enabled')}</span>
                ) : (
                  <span className="chip">{t('plugins.disabled')}</span>
                )}
              </td>
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
