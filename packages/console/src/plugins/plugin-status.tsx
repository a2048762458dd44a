import type { PluginSummary } from '../api/plugins-api.js';
import { useT } from '../i18n/i18n.js';

export function HealthChip({ p }: { p: PluginSummary }) {
  const t = useT();
  if (p.state === 'failed')
    return (
      <span className="chip chip-bad" title={p.detail}>
        {t('plugins.failed')}
      </span>
    );
  if (p.state === 'stopped') return <span className="chip chip-warn">{t('plugins.stopped')}</span>;
  return p.healthy ? (
    <span className="chip chip-ok">{t('plugins.healthy')}</span>
  ) : (
    <span className="chip chip-bad" title={p.detail}>
      {t('plugins.unhealthy')}
    </span>
  );
}

export function BreakerChips({ p }: { p: PluginSummary }) {
  const t = useT();
  if (!p.breakers) return <span className="muted small">{t('plugins.breakersNotReported')}</span>;
  if (!p.breakers.length) return <span className="muted small">{t('plugins.breakersNoCalls')}</span>;
  const open = p.breakers.filter((b) => b.state !== 'closed');
  if (!open.length) return <span className="chip chip-ok">{t('plugins.breakersClosed')}</span>;
  return (
    <>
      {open.map((b) => (
        <span key={b.name} className={`chip ${b.state === 'open' ? 'chip-bad' : 'chip-warn'}`}>
          {t('plugins.breakerState', {
            name: b.name,
            state: b.state === 'halfOpen' ? t('plugins.breakerHalfOpen') : b.state === 'open' ? t('plugins.breakerOpen') : b.state,
          })}
        </span>
      ))}
    </>
  );
}
