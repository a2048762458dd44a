import { useEffect, useState } from 'react';
import { describeError } from '../api/api-error.js';
import { useServices } from '../app/services-context.js';

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
      setStatus('Saved.');
      await load();
    } catch (err) {
      setError(describeError(err));
    }
  };
  const set = (kind: string, patch: Partial<Row>) => setRows((r) => ({ ...r, [kind]: { ...r[kind]!, ...patch } }));

  return (
    <section className="page" aria-labelledby="retention-title">
      <h1 id="retention-title">Data retention</h1>
      <p className="muted">Data older than a policy’s number of days is deleted or anonymized by a daily job.</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <form onSubmit={(e) => void save(e)}>
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Data</th>
              <th scope="col">Policy</th>
              <th scope="col">After (days)</th>
              <th scope="col">Action</th>
              <th scope="col">Would change now</th>
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
                      <input type="checkbox" checked={r.on} onChange={(e) => set(k.kind, { on: e.target.checked })} /> Limit
                    </label>
                  </td>
                  <td>
                    <input
                      type="number"
                      min={1}
                      max={36500}
                      aria-label={`${k.description}: days`}
                      value={r.days}
                      disabled={!r.on}
                      onChange={(e) => set(k.kind, { days: e.target.value })}
                    />
                  </td>
                  <td>
                    <select
                      aria-label={`${k.description}: action`}
                      value={r.mode}
                      disabled={!r.on}
                      onChange={(e) => set(k.kind, { mode: e.target.value as Mode })}
                    >
                      {k.modes.map((m) => (
                        <option key={m} value={m}>
                          {m === 'delete' ? 'Delete' : 'Anonymize'}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>{preview[k.kind] ?? '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="submit" className="button">
          Save policies
        </button>
        {status && <span role="status"> {status}</span>}
      </form>
    </section>
  );
}
