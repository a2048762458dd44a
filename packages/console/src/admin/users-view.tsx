import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { Agent } from '../api/types.js';
import { useServices } from '../app/services-context.js';
import { fieldMessage } from '../ui/field-error.js';
import { formatTime } from '../ui/time-ago.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';
import { tn, useT } from '../i18n/i18n.js';

function NewUserForm({ onCreated }: { onCreated: (u: Agent) => void }) {
  const { admin } = useServices();
  const t = useT();
  const [form, setForm] = useState({ email: '', name: '', role: 'agent' as 'agent' | 'admin', password: '' });
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    try {
      onCreated(await admin.createUser(form));
      setForm({ email: '', name: '', role: 'agent', password: '' });
      setError(undefined);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const field = (name: keyof typeof form, label: string, type = 'text', extra: Record<string, unknown> = {}) => (
    <div className="field">
      <label htmlFor={`user-${name}`}>{label}</label>
      <input
        id={`user-${name}`}
        type={type}
        value={form[name]}
        onChange={(e) => setForm({ ...form, [name]: e.target.value })}
        aria-invalid={!!fieldMessage(error, name)}
        aria-describedby={`user-${name}-err`}
        {...extra}
      />
      <span id={`user-${name}-err`} className="field-error">
        {fieldMessage(error, name)}
      </span>
    </div>
  );
  return (
    <form className="card-form" onSubmit={submit} aria-labelledby="new-user-title">
      <h2 id="new-user-title">{t('admin.addTeammate')}</h2>
      <div className="form-grid">
        {field('email', t('admin.email'), 'email', { required: true, autoComplete: 'off' })}
        {field('name', t('admin.name'))}
        <div className="field">
          <label htmlFor="user-role">{t('admin.role')}</label>
          <select id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as 'agent' | 'admin' })}>
            <option value="agent">{t('admin.roleAgent')}</option>
            <option value="admin">{t('admin.roleAdmin')}</option>
          </select>
        </div>
        {field('password', t('admin.initialPassword'), 'password', {
          required: true,
          minLength: 10,
          autoComplete: 'new-password',
        })}
      </div>
      {error !== undefined && !fieldMessage(error, 'email') && !fieldMessage(error, 'password') && (
        <p className="form-error" role="alert">
          {describeError(error)}
        </p>
      )}
      <button type="submit" className="button primary" disabled={busy}>
        {t('admin.addUser')}
      </button>
    </form>
  );
}

/** Users and roles: add, change role, disable, log out everywhere, delete. */
export function UsersView() {
  const { admin, session } = useServices();
  const toasts = useToasts();
  const t = useT();
  const users = useLoad(() => admin.listUsers(), [admin]);

  /** Optimistic: the row changes at once and comes back if the server refuses. */
  const change = async (u: Agent, patch: Partial<Pick<Agent, 'role' | 'disabled'>>) => {
    users.set((list) => list?.map((x) => (x.id === u.id ? { ...x, ...patch } : x)));
    try {
      const saved = await admin.updateUser(u.id, patch);
      users.set((list) => list?.map((x) => (x.id === u.id ? saved : x)));
    } catch (err) {
      users.set((list) => list?.map((x) => (x.id === u.id ? u : x)));
      toasts.error(t('admin.changeFailed', { email: u.email, error: describeError(err) }));
    }
  };
  const remove = async (u: Agent) => {
    if (!window.confirm(t('admin.confirmDeleteUser', { email: u.email }))) return;
    users.set((list) => list?.filter((x) => x.id !== u.id));
    try {
      await admin.deleteUser(u.id);
    } catch (err) {
      users.set((list) => (list ? [...list, u] : [u]));
      toasts.error(t('admin.deleteUserFailed', { email: u.email, error: describeError(err) }));
    }
  };
  const [reset, setReset] = useState<{ email: string; password: string }>();
  const resetPassword = async (u: Agent) => {
    if (!window.confirm(t('admin.confirmReset', { email: u.email }))) return;
    try {
      const out = await admin.resetPassword(u.id);
      setReset({ email: u.email, password: out.temporaryPassword });
    } catch (err) {
      toasts.error(t('admin.resetFailed', { email: u.email, error: describeError(err) }));
    }
  };
  const revoke = async (u: Agent) => {
    try {
      const n = await admin.revokeSessions(u.id);
      toasts.info(tn('admin.sessionsEnded', n, { email: u.email }));
    } catch (err) {
      toasts.error(describeError(err));
    }
  };

  return (
    <section className="page" aria-labelledby="users-title">
      <h1 id="users-title">{t('admin.usersTitle')}</h1>
      <p className="lead">{t('admin.usersLead')}</p>
      {users.error && (
        <p className="form-error" role="alert">
          {users.error}
        </p>
      )}
      {reset && (
        <div className="card-form" role="alert" aria-labelledby="reset-title">
          <h2 id="reset-title">{t('admin.temporaryPassword', { email: reset.email })}</h2>
          <p>
            {t('admin.handOver')}
            <code className="secret-once">{reset.password}</code>
          </p>
          <button type="button" className="button ghost" onClick={() => setReset(undefined)}>
            {t('admin.done')}
          </button>
        </div>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('admin.colName')}</th>
            <th scope="col">{t('admin.colEmail')}</th>
            <th scope="col">{t('admin.colRole')}</th>
            <th scope="col">{t('admin.colStatus')}</th>
            <th scope="col">{t('admin.colLastLogin')}</th>
            <th scope="col">
              <span className="sr-only">{t('admin.colActions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <td>
                {u.name || '—'}
                {u.id === session.user?.id && <span className="muted">{t('admin.you')}</span>}
              </td>
              <td>{u.email}</td>
              <td>
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  {t('admin.roleOf', { email: u.email })}
                </label>
                <select id={`role-${u.id}`} value={u.role} onChange={(e) => void change(u, { role: e.target.value as Agent['role'] })}>
                  <option value="agent">{t('admin.roleAgent')}</option>
                  <option value="admin">{t('admin.roleAdmin')}</option>
                </select>
              </td>
              <td>
                {u.disabled ? (
                  <span className="chip chip-warn">{t('admin.disabled')}</span>
                ) : (
                  <span className="chip chip-ok">{t('admin.active')}</span>
                )}
              </td>
              <td>{u.lastLoginAt ? formatTime(u.lastLoginAt) : t('admin.never')}</td>
              <td className="actions">
                {u.id !== session.user?.id && (
                  <>
                    <button type="button" className="button ghost" onClick={() => void change(u, { disabled: !u.disabled })}>
                      {u.disabled ? t('admin.enable') : t('admin.disable')}
                    </button>
                    <button type="button" className="button ghost" onClick={() => void resetPassword(u)}>
                      {t('admin.resetPassword')}
                    </button>
                    <button type="button" className="button ghost" onClick={() => void revoke(u)}>
                      {t('admin.logOutEverywhere')}
                    </button>
                    <button type="button" className="button ghost danger" onClick={() => void remove(u)}>
                      {t('common.delete')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <NewUserForm onCreated={(u) => users.set((list) => [...(list ?? []), u])} />
    </section>
  );
}
