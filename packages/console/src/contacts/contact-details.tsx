import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { Contact, ContactDetail, ContactListItem } from '@bacon/inbox-contract';
import { describeError } from '../api/api-error.js';
import { hrefFor } from '../app/router.js';
import { useServices } from '../app/services-context.js';
import { formatTime, timeAgo } from '../ui/time-ago.js';
import { useToasts } from '../ui/toasts.js';
import { t as translate, tn, useT, type MessageKey } from '../i18n/i18n.js';

const STATE_LABELS: Record<string, MessageKey> = {
  new: 'contacts.stateNew',
  assigned: 'contacts.stateAssigned',
  snoozed: 'contacts.stateSnoozed',
  closed: 'contacts.stateClosed',
};
const stateLabel = (state: string) => (STATE_LABELS[state] ? translate(STATE_LABELS[state]) : state);

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
  c?.name || c?.email || c?.phone || translate('contacts.websiteVisitor');

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div>
    <dt>{label}</dt>
    <dd>{children}</dd>
  </div>
);

function EditForm({ contact, onSaved, onCancel }: { contact: Contact; onSaved: (c: Contact) => void; onCancel: () => void }) {
  const { inbox } = useServices();
  const t = useT();
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
          <span>{f === 'name' ? t('contacts.name') : f === 'email' ? t('contacts.email') : t('contacts.phone')}</span>
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
          {t('contacts.saveContact')}
        </button>
        <button type="button" className="button ghost" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function MergeForm({ contact, onMerged }: { contact: Contact; onMerged: () => void }) {
  const { inbox } = useServices();
  const toasts = useToasts();
  const t = useT();
  const [q, setQ] = useState('');
  const [found, setFound] = useState<ContactListItem[]>();
  useEffect(() => {
    if (!q.trim()) return setFound(undefined);
    const timer = setTimeout(
      () => inbox.listContacts({ q: q.trim(), limit: 8 }).then((p) => setFound(p.items.filter((c) => c.id !== contact.id))),
      250,
    );
    return () => clearTimeout(timer);
  }, [q, inbox, contact.id]);
  const merge = async (source: ContactListItem) => {
    try {
      const out = await inbox.mergeContact(contact.id, source.id);
      toasts.info(tn('contacts.merged', out.movedConversations, { source: displayName(source), target: displayName(out.contact) }));
      setQ('');
      onMerged();
    } catch (err) {
      toasts.error(t('contacts.notMerged', { error: describeError(err) }));
    }
  };
  return (
    <section className="contact-merge" aria-label={t('contacts.mergeDuplicate')}>
      <label className="field">
        <span>{t('contacts.mergeInto')}</span>
        <input type="search" placeholder={t('contacts.mergePlaceholder')} value={q} onChange={(e) => setQ(e.target.value)} />
      </label>
      <p className="muted small">{t('contacts.mergeHelp')}</p>
      {found?.length === 0 && <p className="muted">{t('contacts.noOtherMatch')}</p>}
      <ul className="plain">
        {found?.map((c) => (
          <li key={c.id} className="row">
            <span>
              {displayName(c)} {c.email && <span className="muted">{c.email}</span>}
            </span>
            <button type="button" className="button ghost" onClick={() => void merge(c)}>
              {t('contacts.mergeButton')}
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
  const t = useT();
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
  if (!detail) return <p role="status">{t('contacts.loadingContact')}</p>;
  const c = detail.contact;
  const others = detail.conversations.filter((x) => x.id !== currentConversationId);
  const userId = c.externalId.startsWith('u:') ? c.externalId.slice(2) : null;
  return (
    <div className="contact-details" data-contact-id={c.id}>
      <div className="row contact-head">
        <Heading id="contact-title">{displayName(c)}</Heading>
        {!editing && (
          <button type="button" className="button ghost" onClick={() => setEditing(true)}>
            {t('common.edit')}
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
            toasts.info(t('contacts.saved'));
          }}
        />
      ) : (
        <dl className="kv">
          <Row label={t('contacts.name')}>{c.name ?? <span className="muted">—</span>}</Row>
          <Row label={t('contacts.email')}>{c.email ?? <span className="muted">—</span>}</Row>
          <Row label={t('contacts.phone')}>{c.phone ?? <span className="muted">—</span>}</Row>
          {userId && <Row label={t('contacts.userId')}>{userId}</Row>}
          <Row label={t('contacts.channel')}>{c.channel}</Row>
          <Row label={t('contacts.firstSeen')}>{formatTime(c.createdAt)}</Row>
        </dl>
      )}
      {page && (page.url || page.title || page.referrer) && (
        <section aria-label={t('contacts.page')}>
          <h3>{t('contacts.page')}</h3>
          <dl className="kv">
            {page.title && <Row label={t('contacts.pageTitle')}>{page.title}</Row>}
            {page.url && <Row label={t('contacts.url')}>{<span className="break">{page.url}</span>}</Row>}
            {page.referrer && <Row label={t('contacts.referrer')}>{<span className="break">{page.referrer}</span>}</Row>}
          </dl>
        </section>
      )}
      {Object.keys(c.attributes).length > 0 && (
        <section aria-label={t('contacts.attributes')}>
          <h3>{t('contacts.attributes')}</h3>
          <AttributeValue value={c.attributes} />
        </section>
      )}
      <section aria-label={t('contacts.conversationsOf')}>
        <h3>{currentConversationId ? t('contacts.otherConversations') : t('contacts.conversations')}</h3>
        {others.length === 0 ? (
          <p className="muted">{t('contacts.noneOther')}</p>
        ) : (
          <ul className="plain contact-conversations">
            {others.map((x) => (
              <li key={x.id}>
                <a href={hrefFor({ name: 'conversation', id: x.id })}>{x.preview ?? x.subject ?? t('contacts.noMessages')}</a>{' '}
                <span className="muted small">
                  {stateLabel(x.state)} · {timeAgo(x.lastMessageAt ?? x.updatedAt)}
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
