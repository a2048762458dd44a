import { useEffect, useState } from 'react';
import type { ContactListItem } from '@bacon/inbox-contract';
import { describeError } from '../api/api-error.js';
import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { timeAgo } from '../ui/time-ago.js';
import { ContactDetails, displayName } from './contact-details.js';

/** The Contacts page: every contact, newest first, searchable by name, email, phone or channel id. */
export function ContactsView() {
  const { inbox } = useServices();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<ContactListItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    const t = setTimeout(() => {
      setLoading(true);
      inbox
        .listContacts({ q: q.trim() || undefined, limit: 50 })
        .then(
          (p) => (setItems(p.items), setNext(p.nextCursor), setError(undefined)),
          (e: unknown) => setError(describeError(e)),
        )
        .finally(() => setLoading(false));
    }, 250);
    return () => clearTimeout(t);
  }, [q, inbox]);
  const more = () =>
    next &&
    inbox.listContacts({ q: q.trim() || undefined, limit: 50, cursor: next }).then(
      (p) => (setItems((l) => [...l, ...p.items]), setNext(p.nextCursor)),
      (e: unknown) => setError(describeError(e)),
    );
  return (
    <section className="page" aria-labelledby="contacts-title">
      <div className="page-head">
        <h1 id="contacts-title">Contacts</h1>
        <form role="search" className="filters" onSubmit={(e) => e.preventDefault()}>
          <label className="field-inline">
            <span className="sr-only">Search contacts</span>
            <input type="search" placeholder="Name, email, phone" value={q} onChange={(e) => setQ(e.target.value)} />
          </label>
        </form>
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <table className="table" aria-busy={loading}>
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Phone</th>
            <th scope="col">Conversations</th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr key={c.id} data-contact-id={c.id}>
              <td>
                <a href={hrefFor({ name: 'contact', id: c.id })}>{displayName(c)}</a>
              </td>
              <td>{c.email ?? ''}</td>
              <td>{c.phone ?? ''}</td>
              <td>{c.conversationCount}</td>
              <td>{timeAgo(c.lastActivityAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && items.length === 0 && <p className="empty">No contact matches.</p>}
      {next && (
        <button type="button" className="button ghost" onClick={() => void more()}>
          Load more
        </button>
      )}
    </section>
  );
}

/** One contact on its own page (from the Contacts list). */
export function ContactView({ id }: { id: string }) {
  return (
    <section className="page contact-page">
      <p>
        <a href={hrefFor({ name: 'contacts' })}>← Contacts</a>
      </p>
      <ContactDetails contactId={id} headingLevel={1} />
    </section>
  );
}
