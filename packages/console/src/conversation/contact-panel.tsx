import { useEffect, useState, type ReactNode } from 'react';
import type { ContactContext, Conversation } from '../api/types.js';
import { useServices } from '../app/services-context.js';
import { AttributeValue, ContactDetails, type VisitedPage } from '../contacts/contact-details.js';
import { CsatAnswers } from './csat-answers.js';

/** What plugins (Shopify orders, CRM records) know about the contact, when a context route exists. */
function PluginContext({ contactId }: { contactId: string }) {
  const { inbox, routes } = useServices();
  const [context, setContext] = useState<ContactContext[]>();
  const [error, setError] = useState<string>();
  const hasContext = routes.has('get', '/contacts/{id}/context');
  useEffect(() => {
    if (!hasContext) return;
    inbox.contactContext(contactId).then(setContext, (e: Error) => setError(e.message));
  }, [hasContext, inbox, contactId]);
  if (!hasContext) return null;
  return (
    <section aria-label="From your plugins">
      <h3>From your plugins</h3>
      {error && <p className="form-error">{error}</p>}
      {context?.length === 0 && <p className="muted">No plugin has anything on this contact.</p>}
      {context?.map((x) => (
        <section key={x.pluginId} className="plugin-context">
          <h4>{x.title ?? x.pluginId}</h4>
          <AttributeValue value={x.data} />
        </section>
      ))}
    </section>
  );
}

/**
 * The conversation's right pane: who the contact is (editable, mergeable), the page they wrote from,
 * their other conversations. Extra sections (plugin enrichment) mount as `children`, after the
 * contact's own sections.
 */
export function ContactPanel({ conv, page, children }: { conv: Conversation; page?: VisitedPage; children?: ReactNode }) {
  return (
    <aside className="side-panel" aria-labelledby="contact-title">
      <ContactDetails key={conv.contactId} contactId={conv.contactId} currentConversationId={conv.id} page={page}>
        {children}
        <CsatAnswers conversationId={conv.id} state={conv.state} />
        <PluginContext contactId={conv.contactId} />
      </ContactDetails>
    </aside>
  );
}
