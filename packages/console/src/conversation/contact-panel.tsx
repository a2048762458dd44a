import type { ReactNode } from 'react';
import type { Conversation } from '../api/types.js';
import { ContactDetails, type VisitedPage } from '../contacts/contact-details.js';
import { CsatAnswers } from './csat-answers.js';
import { PluginContextSection } from './plugin-context-section.js';

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
        <PluginContextSection conversationId={conv.id} />
      </ContactDetails>
    </aside>
  );
}
