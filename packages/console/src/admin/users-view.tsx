import { useState, type FormEvent } from 'react';
import { describeError } from '../api/api-error.js';
import type { Agent } from '../api/types.js';
import { useServices } from '../app/services-context.js';
import { fieldMessage } from '../ui/field-error.js';
import { formatTime } from '../ui/time-ago.js';
import { useToasts } from '../ui/toasts.js';
import { useLoad } from '../ui/use-load.js';

function NewUserForm({ onCreated }: { onCreated: (u: Agent) => void }) {
  const { admin } = useServices();
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
      <h2 id="new-user-title">Add a teammate</h2>
      <div className="form-grid">
        {field('email', 'Email', 'email', { required: true, autoComplete: 'off' })}
        {field('name', 'Name')}
        <div className="field">
          <label htmlFor="user-role">Role</label>
          <select id="user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as 'agent' | 'admin' })}>
            <option value="agent">Agent</option>
            <option value="admin">Admin</option>
          </select>
        </div>
        {field('password', 'Initial password (10+ characters)', 'password', {
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
        Add user
      </button>
    </form>
  );
}

/** Users and roles: add, change role, disable, log out everywhere, delete. */
export function UsersView() {
  const { admin, session } = useServices();
  const toasts = useToasts();
  const users = useLoad(() => admin.listUsers(), [admin]);

  /** Optimistic: the row changes at once and comes back if the server refuses. */
  const change = async (u: Agent, patch: Partial<Pick<Agent, 'role' | 'disabled'>>) => {
    users.set((list) => list?.map((x) => (x.id === u.id ? { ...x, ...patch } : x)));
    try {
      const saved = await admin.updateUser(u.id, patch);
      users.set((list) => list?.map((x) => (x.id === u.id ? saved : x)));
    } catch (err) {
      users.set((list) => list?.map((x) => (x.id === u.id ? u : x)));
      toasts.error(`Could not change ${u.email}: ${describeError(err)}`);
    }
  };
  const remove = async (u: Agent) => {
    if (!window.confirm(`Delete ${u.email}? Their sessions end at once.`)) return;
    users.set((list) => list?.filter((x) => x.id !== u.id));
    try {
      await admin.deleteUser(u.id);
    } catch (err) {
      users.set((list) => (list ? [...list, u] : [u]));
      toasts.error(`Could not delete ${u.email}: ${describeError(err)}`);
    }
  };
  const [reset, setReset] = useState<{ email: string; password: string }>();
  const resetPassword = async (u: Agent) => {
    if (!window.confirm(`Reset the password of ${u.email}? Their sessions end, and they choose a new password at next sign-in.`)) return;
    try {
      const out = await admin.resetPassword(u.id);
      setReset({ email: u.email, password: out.temporaryPassword });
    } catch (err) {
      toasts.error(`Could not reset the password of ${u.email}: ${describeError(err)}`);
    }
  };
  const revoke = async (u: Agent) => {
    try {
      const n = await admin.revokeSessions(u.id);
      toasts.info(`${u.email}: ${n} session${n === 1 ? '' : 's'} ended.`);
    } catch (err) {
      toasts.error(describeError(err));
    }
  };

  return (
    <section className="page" aria-labelledby="users-title">
      <h1 id="users-title">Users and roles</h1>
      <p className="lead">Admins configure Bacon; agents work the inbox. A tenant always keeps one active admin.</p>
      {users.error && (
        <p className="form-error" role="alert">
          {users.error}
        </p>
      )}
      {reset && (
        <div className="card-form" role="alert" aria-labelledby="reset-title">
          <h2 id="reset-title">Temporary password for {reset.email}</h2>
          <p>
            Hand it over by a channel you trust; it is shown only now. They will choose their own at sign-in:{' '}
            <code className="secret-once">{reset.password}</code>
          </p>
          <button type="button" className="button ghost" onClick={() => setReset(undefined)}>
            Done
          </button>
        </div>
      )}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Last login</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <td>
                {u.name || '—'}
                {u.id === session.user?.id && <span className="muted"> (you)</span>}
              </td>
              <td>{u.email}</td>
              <td>
                <label className="sr-only" htmlFor={`role-${u.id}`}>
                  Role of {u.email}
                </label>
                <select id={`role-${u.id}`} value={u.role} onChange={(e) => void change(u, { role: e.target.value as Agent['role'] })}>
                  <option value="agent">Agent</option>
                  <option value="admin">Admin</option>
                </select>
              </td>
              <td>{u.disabled ? <span className="chip chip-warn">Disabled</span> : <span className="chip chip-ok">Active</span>}</td>
              <td>{u.lastLoginAt ? formatTime(u.lastLoginAt) : 'Never'}</td>
              <td className="actions">
                {u.id !== session.user?.id && (
                  <>
                    <button type="button" className="button ghost" onClick={() => void change(u, { disabled: !u.disabled })}>
                      {u.disabled ? 'Enable' : 'Disable'}
                    </button>
                    <button type="button" className="button ghost" onClick={() => void resetPassword(u)}>
                      Reset password
                    </button>
                    <button type="button" className="button ghost" onClick={() => void revoke(u)}>
                      Log out everywhere
                    </button>
                    <button type="button" className="button ghost danger" onClick={() => void remove(u)}>
                      Delete
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
