import { useEffect, useState } from 'react';
import { describeError } from '../api/api-error.js';
import { useServices } from '../app/services-context.js';
import { formatNumber, useT } from '../i18n/i18n.js';

type Mode = 'delete' | 'anonymize';
interface Kind {
  kind: string;
  description: string;
  modes: Mode[];
}
interface Policy {
  kind: string;
  days: number;
  mode: Mode;
}
interface Row {
  on: boolean;
  days: string;
  mode: Mode;
}

/** The tenant's retention policies (`/compliance/retention`): one row per kind, a preview of what each would remove now. */
export function RetentionView() {
  const { api } = useServices();
  const t = useT();
  const [kinds, setKinds] = useState<Kind[]>([]);
  const [rows, setRows] = useState<Record<string, Row>>({});
  const [preview, setPreview] = useState<Record<string, number>>({});
  const [error, setError] = useState<string>();
  const [status, setStatus] = useState<string>();

  const load = async () => {
    try {
      const s = await api.get<{ policies: Policy[]; kinds: Kind[] }>('/compliance/retention');
      setKinds(s.kinds);
      setRows(
        Object.fromEntries(
          s.kinds.map((k) => {
            const p = s.policies.find((x) => x.kind === k.kind);
            return [k.kind, { on: !!p, days: String(p?.days ?? 365), mode: p?.mode ?? k.modes[0]! }];
          }),
        ),
      );
      const p = await api.get<{ policies: (Policy & { rows: number })[] }>('/compliance/retention/preview');
      setPreview(Object.fromEntries(p.policies.map((x) => [x.kind, x.rows])));
      setError(undefined);
    } catch (err) {
      setError(describeError(err));
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    setStatus(undefined);
    const policies = kinds
      .filter((k) => rows[k.kind]?.on)
      .map((k) => ({ kind: k.kind, days: Number(rows[k.kind]!.days), mode: rows[k.kind]!.mode }));
    try {
      await api.put('/compliance/retention', { policies });
      setStatus(t('admin.retentionSaved'));
      await load();
    } catch (err) {
      setError(describeError(err));
    }
  };
  const set = (kind: string, patch: Partial<Row>) => setRows((r) => ({ ...r, [kind]: { ...r[kind]!, ...patch } }));

  return (
    <section className="page" aria-labelledby="retention-title">
      <h1 id="retention-title">{t('admin.retentionTitle')}</h1>
      <p className="muted">{t('admin.retentionLead')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <form onSubmit={(e) => void save(e)}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('admin.colData')}</th>
              <th scope="col">{t('admin.colPolicy')}</th>
              <th scope="col">{t('admin.colAfterDays')}</th>
              <th scope="col">{t('admin.colAction')}</th>
              <th scope="col">{t('admin.colWouldChange')}</th>
            </tr>
          </thead>
          <tbody>
            {kinds.map((k) => {
              const r = rows[k.kind];
              if (!r) return null;
              return (
                <tr key={k.kind}>
                  <th scope="row">{k.description}</th>
                  <td>
                    <label>
                      <input type="checkbox" checked={r.on} onChange={(e) => set(k.kind, { on: e.target.checked })} /> {t('admin.limit')}
                    </label>
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      max={36500}
                      aria-label={t('admin.daysOf', { kind: k.description })}
                      value={r.days}
                      disabled={!r.on}
                      onChange={(e) => set(k.kind, { days: e.target.value })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={t('admin.actionOf', { kind: k.description })}
                      value={r.mode}
                      disabled={!r.on}
                      onChange={(e) => set(k.kind, { mode: e.target.value as Mode })}
                    >
                      {k.modes.map((m) => (
                        <option key={m} value={m}>
                          {m === 'delete' ? t('admin.modeDelete') : t('admin.modeAnonymize')}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{preview[k.kind] === undefined ? '—' : formatNumber(preview[k.kind])}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit" className="button">
          {t('admin.savePolicies')}
        </button>
        {status && <span role="status"> {status}</span>}
      </form>
    </section>
  );
}
