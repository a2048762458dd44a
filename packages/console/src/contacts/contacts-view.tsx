import { useEffect, useState } from 'react';
import type { ContactListItem } from '@bacon/inbox-contract';
import { describeError } from '../api/api-error.js';
import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { formatNumber, useT } from '../i18n/i18n.js';
import { timeAgo } from '../ui/time-ago.js';
import { ContactDetails, displayName } from './contact-details.js';

/** The Contacts page: every contact, newest first, searchable by name, email, phone or channel id. */
export function ContactsView() {
  const { inbox } = useServices();
  const t = useT();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<ContactListItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    const timer = setTimeout(() => {
      setLoading(true);
      inbox
        .listContacts({ q: q.trim() || undefined, limit: 50 })
        .then(
          (p) => (setItems(p.items), setNext(p.nextCursor), setError(undefined)),
          (e: unknown) => setError(describeError(e)),
        )
        .finally(() => setLoading(false));
    }, 250);
    return () => clearTimeout(timer);
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
        <h1 id="contacts-title">{t('contacts.title')}</h1>
        <form role="search" className="filters" onSubmit={(e) => e.preventDefault()}>
          <label className="field-inline">
            <span className="sr-only">{t('contacts.search')}</span>
            <input type="search" placeholder={t('contacts.searchPlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} />
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
            <th scope="col">{t('contacts.colName')}</th>
            <th scope="col">{t('contacts.colEmail')}</th>
            <th scope="col">{t('contacts.colPhone')}</th>
            <th scope="col">{t('contacts.colConversations')}</th>
            <th scope="col">{t('contacts.colLastActivity')}</th>
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
              <td>{formatNumber(c.conversationCount)}</td>
              <td>{timeAgo(c.lastActivityAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {!loading && items.length === 0 && <p className="empty">{t('contacts.noMatch')}</p>}
      {next && (
        <button type="button" className="button ghost" onClick={() => void more()}>
          {t('contacts.loadMore')}
        </button>
      )}
    </section>
  );
}

/** One contact on its own page (from the Contacts list). */
export function ContactView({ id }: { id: string }) {
  const t = useT();
  return (
    <section className="page contact-page">
      <p>
        <a href={hrefFor({ name: 'contacts' })}>{t('contacts.back')}</a>
      </p>
      <ContactDetails contactId={id} headingLevel={1} />
    </section>
  );
}
