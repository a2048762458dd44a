import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { IpRule } from '../api/admin-api.js';
import { useServices } from '../app/services-context.js';
import { fieldMessage } from '../ui/field-error.js';
import { formatTime } from '../ui/time-ago.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';
import { useT } from '../i18n/i18n.js';

/** Allow and block lists by CIDR (IPv4 and IPv6). Any allow rule switches the tenant to allow-list mode. */
export function IpRulesView() {
  const { admin } = useServices();
  const toasts = useToasts();
  const t = useT();
  const rules = useLoad(() => admin.listIpRules(), [admin]);
  const [form, setForm] = useState({ cidr: '', action: 'block' as IpRule['action'], note: '' });
  const [error, setError] = useState<unknown>();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const rule = await admin.createIpRule(form);
      rules.set((all) => [...(all ?? []), rule]);
      setForm({ cidr: '', action: form.action, note: '' });
      setError(undefined);
    } catch (err) {
      setError(err);
    }
  };
  const remove = async (r: IpRule) => {
    rules.set((all) => all?.filter((x) => x.id !== r.id));
    try {
      await admin.deleteIpRule(r.id);
    } catch (err) {
      rules.set((all) => [...(all ?? []), r]);
      toasts.error(t('admin.ipDeleteFailed', { cidr: r.cidr, error: describeError(err) }));
    }
  };
  const allowMode = rules.data?.some((r) => r.action === 'allow');
  return (
    <section className="page" aria-labelledby="ip-title">
      <h1 id="ip-title">{t('admin.ipTitle')}</h1>
      <p className="lead">
        {allowMode ? t('admin.allowMode') : t('admin.blockMode')} {t('admin.lockOut')}
      </p>
      {rules.error && (
        <p className="form-error" role="alert">
          {rules.error}
        </p>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('admin.colRange')}</th>
            <th scope="col">{t('admin.colAction')}</th>
            <th scope="col">{t('admin.colNote')}</th>
            <th scope="col">{t('admin.colAdded')}</th>
            <th scope="col">
              <span className="sr-only">{t('admin.colActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rules.data?.length === 0 && (
            <tr>
              <td colSpan={5} className="empty">
                {t('admin.noRules')}
              </td>
            </tr>
          )}
          {rules.data?.map((r) => (
            <tr key={r.id}>
              <td className="mono">{r.cidr}</td>
              <td>
                <span className={`chip ${r.action === 'block' ? 'chip-warn' : 'chip-ok'}`}>
                  {r.action === 'block' ? t('admin.block') : t('admin.allow')}
                </span>
              </td>
              <td>{r.note}</td>
              <td>{formatTime(r.createdAt)}</td>
              <td className="actions">
                <button
                  type="button"
                  className="button ghost danger"
                  onClick={() => void remove(r)}
                  aria-label={t('admin.deleteRuleOf', { cidr: r.cidr })}
                >
                  {t('common.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form className="card-form" onSubmit={add} aria-labelledby="ip-new-title">
        <h2 id="ip-new-title">{t('admin.addRuleTitle')}</h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="ip-cidr">{t('admin.cidr')}</label>
            <input
              id="ip-cidr"
              className="mono"
              required
              value={form.cidr}
              onChange={(e) => setForm({ ...form, cidr: e.target.value })}
              placeholder="203.0.113.0/24"
              aria-invalid={!!fieldMessage(error, 'cidr')}
            />
            <span className="field-error">{fieldMessage(error, 'cidr')}</span>
          </div>
          <div className="field">
            <label htmlFor="ip-action">{t('admin.action')}</label>
            <select id="ip-action" value={form.action} onChange={(e) => setForm({ ...form, action: e.target.value as IpRule['action'] })}>
              <option value="block">{t('admin.optBlock')}</option>
              <option value="allow">{t('admin.optAllow')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="ip-note">{t('admin.note')}</label>
            <input id="ip-note" value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} />
          </div>
        </div>
        {error !== undefined && !fieldMessage(error, 'cidr') && (
          <p className="form-error" role="alert">
            {describeError(error)}
          </p>
        )}
        <button type="submit" className="button primary">
          {t('admin.addRule')}
        </button>
      </form>
    </section>
  );
}
