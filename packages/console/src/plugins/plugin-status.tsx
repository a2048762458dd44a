import type { PluginSummary } from '../api/plugins-api.js';

export function HealthChip({ p }: { p: PluginSummary }) {
  if (p.state === 'failed')
    return (
      <span className="chip chip-bad" title={p.detail}>
        Failed
      </span>
    );
  if (p.state === 'stopped') return <span className="chip chip-warn">Stopped</span>;
  return p.healthy ? (
    <span className="chip chip-ok">Healthy</span>
  ) : (
    <span className="chip chip-bad" title={p.detail}>
      Unhealthy
    </span>
  );
}

export function BreakerChips({ p }: { p: PluginSummary }) {
  if (!p.breakers) return <span className="muted small">Breakers: not reported</span>;
  if (!p.breakers.length) return <span className="muted small">Breakers: no calls yet</span>;
  const open = p.breakers.filter((b) => b.state !== 'closed');
  if (!open.length) return <span className="chip chip-ok">Breakers closed</span>;
  return (
    <>
      {open.map((b) => (
        <span key={b.name} className={`chip ${b.state === 'open' ? 'chip-bad' : 'chip-warn'}`}>
          {b.name}: {b.state === 'halfOpen' ? 'half-open' : b.state}
        </span>
      ))}
    </>
  );
}
