import { useEffect, useState } from 'react';
import type { ContactContext, Conversation } from '../api/types.js';
import { useServices } from '../app/services-context.js';
import { formatTime } from '../ui/time-ago.js';
import { PluginContextSection } from './plugin-context-section.js';

function Value({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="muted">—</span>;
  if (typeof value !== 'object') return <>{String(value)}</>;
  if (Array.isArray(value))
    return (
      <ul className="plain">
        {value.map((v, i) => (
          <li key={i}>
            <Value value={v} />
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
            <Value value={v} />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** Who the contact is, plus what plugins (Shopify orders, CRM records) know, when a context route exists. */
export function ContactPanel({ conv }: { conv: Conversation }) {
  const { inbox, routes } = useServices();
  const [context, setContext] = useState<ContactContext[]>();
  const [error, setError] = useState<string>();
  const hasContext = routes.has('get', '/contacts/{id}/context');
  useEffect(() => {
    if (!hasContext) return;
    inbox.contactContext(conv.contactId).then(setContext, (e: Error) => setError(e.message));
  }, [hasContext, inbox, conv.contactId]);
  const c = conv.contact;
  return (
    <aside className="side-panel" aria-labelledby="contact-title">
      <h2 id="contact-title">{c?.name || c?.email || 'Website visitor'}</h2>
      <dl className="kv">
        <div>
          <dt>Email</dt>
          <dd>{c?.email ?? <span className="muted">—</span>}</dd>
        </div>
        {c?.phone && (
          <div>
            <dt>Phone</dt>
            <dd>{c.phone}</dd>
          </div>
        )}
        <div>
          <dt>Channel</dt>
          <dd>{conv.channel}</dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd>{formatTime(conv.createdAt)}</dd>
        </div>
      </dl>
      {c?.attributes && Object.keys(c.attributes).length > 0 && (
        <section>
          <h3>Attributes</h3>
          <Value value={c.attributes} />
        </section>
      )}
      {hasContext && (
        <section aria-label="From your plugins">
          <h3>From your plugins</h3>
          {error && <p className="form-error">{error}</p>}
          {context?.length === 0 && <p className="muted">No plugin has anything on this contact.</p>}
          {context?.map((x) => (
            <section key={x.pluginId} className="plugin-context">
              <h4>{x.title ?? x.pluginId}</h4>
              <Value value={x.data} />
            </section>
          ))}
        </section>
      )}
      <PluginContextSection conversationId={conv.id} />
    </aside>
  );
}
