import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Contact, ContactDetail, ContactListItem } from '@bacon/inbox-contract';
import { describeError } from '../api/api-error.js';
import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { formatTime, timeAgo } from '../ui/time-ago.js';
import { useToasts } from '../ui/toasts.js';

/** The page a visitor was on when writing (the widget sends it with each message). */
export interface VisitedPage {
  url?: string;
  title?: string;
  referrer?: string;
}

export function AttributeValue({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value !== 'object') return <>{String(value)}</>;
  if (Array.isArray(value))
    return (
      <ul className="plain">
        {value.map((v, i) => (
          <li key={i}>
            <AttributeValue value={v} />
          </li>
        ))}
      </ul>
    );
  return (
    <dl className="kv">
      {Object.entries(value as Record<string, unknown>).map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>
            <AttributeValue value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

export const displayName = (c: Pick<Contact, 'name' | 'email' | 'phone'> | null | undefined) =>
  c?.name || c?.email || c?.phone || 'Website visitor';

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div>
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
);

function EditForm({ contact, onSaved, onCancel }: { contact: Contact; onSaved: (c: Contact) => void; onCancel: () => void }) {
  const { inbox } = useServices();
  const [fields, setFields] = useState({ name: contact.name ?? '', email: contact.email ?? '', phone: contact.phone ?? '' });
  const [error, setError] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const value = (v: string) => (v.trim() ? v.trim() : null);
    try {
      onSaved(await inbox.updateContact(contact.id, { name: value(fields.name), email: value(fields.email), phone: value(fields.phone) }));
    } catch (err) {
      setError(describeError(err));
    }
  };
  return (
    <form className="contact-edit" noValidate onSubmit={(e) => void submit(e)}>
      {(['name', 'email', 'phone'] as const).map((f) => (
        <label key={f} className="field">
          <span>{f === 'name' ? 'Name' : f === 'email' ? 'Email' : 'Phone'}</span>
          <input
            type={f === 'email' ? 'email' : f === 'phone' ? 'tel' : 'text'}
            value={fields[f]}
            onChange={(e) => setFields({ ...fields, [f]: e.target.value })}
          />
        </label>
      ))}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button primary">
          Save contact
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function MergeForm({ contact, onMerged }: { contact: Contact; onMerged: () => void }) {
  const { inbox } = useServices();
  const toasts = useToasts();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ContactListItem[]>();
  useEffect(() => {
    if (!q.trim()) return setFound(undefined);
    const t = setTimeout(
      () => inbox.listContacts({ q: q.trim(), limit: 8 }).then((p) => setFound(p.items.filter((c) => c.id !== contact.id))),
      250,
    );
    return () => clearTimeout(t);
  }, [q, inbox, contact.id]);
  const merge = async (source: ContactListItem) => {
    try {
      const out = await inbox.mergeContact(contact.id, source.id);
      toasts.info(`Merged ${displayName(source)} into ${displayName(out.contact)}: ${out.movedConversations} conversation(s) moved.`);
      setQ('');
      onMerged();
    } catch (err) {
      toasts.error(`Not merged: ${describeError(err)}`);
    }
  };
  return (
    <section className="contact-merge" aria-label="Merge a duplicate">
      <label className="field">
        <span>Merge a duplicate into this contact</span>
        <input type="search" placeholder="Name, email or phone" value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <p className="muted small">
        This contact’s name, email and phone win; empty ones are filled from the duplicate, whose conversations move here.
      </p>
      {found?.length === 0 && <p className="muted">No other contact matches.</p>}
      <ul className="plain">
        {found?.map((c) => (
          <li key={c.id} className="row">
            <span>
              {displayName(c)} {c.email && <span className="muted">{c.email}</span>}
            </span>
            <button type="button" className="button ghost" onClick={() => void merge(c)}>
              Merge into this contact
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * Who the contact is: fields (editable), identity, the page they were on, attributes, their other
 * conversations, and merging a duplicate. `children` are extra sections (plugins' enrichment).
 */
export function ContactDetails({
  contactId,
  currentConversationId,
  page,
  headingLevel = 2,
  children,
}: {
  contactId: string;
  currentConversationId?: string;
  page?: VisitedPage;
  headingLevel?: 1 | 2;
  children?: ReactNode;
}) {
  const { inbox } = useServices();
  const toasts = useToasts();
  const [detail, setDetail] = useState<ContactDetail>();
  const [error, setError] = useState<string>();
  const [editing, setEditing] = useState(false);
  const load = useCallback(
    () =>
      inbox.getContact(contactId).then(
        (d) => (setDetail(d), setError(undefined)),
        (e: unknown) => setError(describeError(e)),
      ),
    [inbox, contactId],
  );
  useEffect(() => void load(), [load]);

  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  if (error && !detail) return <p className="form-error">{error}</p>;
  if (!detail) return <p role="status">Loading contact…</p>;
  const c = detail.contact;
  const others = detail.conversations.filter((x) => x.id !== currentConversationId);
  const userId = c.externalId.startsWith('u:') ? c.externalId.slice(2) : null;
  return (
    <div className="contact-details" data-contact-id={c.id}>
      <div className="row contact-head">
        <Heading id="contact-title">{displayName(c)}</Heading>
        {!editing && (
          <button type="button" className="button ghost" onClick={() => setEditing(true)}>
            Edit
          </button>
        )}
      </div>
      {editing ? (
        <EditForm
          contact={c}
          onCancel={() => setEditing(false)}
          onSaved={(saved) => {
            setDetail({ ...detail, contact: saved });
            setEditing(false);
            toasts.info('Contact saved.');
          }}
        />
      ) : (
        <dl className="kv">
          <Row label="Name">{c.name ?? <span className="muted">—</span>}</Row>
          <Row label="Email">{c.email ?? <span className="muted">—</span>}</Row>
          <Row label="Phone">{c.phone ?? <span className="muted">—</span>}</Row>
          {userId && <Row label="User id">{userId}</Row>}
          <Row label="Channel">{c.channel}</Row>
          <Row label="First seen">{formatTime(c.createdAt)}</Row>
        </dl>
      )}
      {page && (page.url || page.title || page.referrer) && (
        <section aria-label="Page">
          <h3>Page</h3>
          <dl className="kv">
            {page.title && <Row label="Title">{page.title}</Row>}
            {page.url && <Row label="URL">{<span className="break">{page.url}</span>}</Row>}
            {page.referrer && <Row label="Referrer">{<span className="break">{page.referrer}</span>}</Row>}
          </dl>
        </section>
      )}
      {Object.keys(c.attributes).length > 0 && (
        <section aria-label="Attributes">
          <h3>Attributes</h3>
          <AttributeValue value={c.attributes} />
        </section>
      )}
      <section aria-label="Conversations of this contact">
        <h3>{currentConversationId ? 'Other conversations' : 'Conversations'}</h3>
        {others.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="plain contact-conversations">
            {others.map((x) => (
              <li key={x.id}>
                <a href={hrefFor({ name: 'conversation', id: x.id })}>{x.preview ?? x.subject ?? 'No messages yet'}</a>{' '}
                <span className="muted small">
                  {x.state} · {timeAgo(x.lastMessageAt ?? x.updatedAt)}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
      {children}
      <MergeForm contact={c} onMerged={() => void load()} />
    </div>
  );
}
