import type { Attachment } from '@bacon/sdk';
import type { NoteAttachmentResolver } from '@bacon/inbox-contract';
import { InboxErrors } from '../errors.js';

export interface NoteAttachments {
  /** Sets the resolver (the upload store's owner); returns a function that removes it. */
  register(resolver: NoteAttachmentResolver): () => void;
  /** The stored uploads a note's references name; refused (4xx) when one is not an upload of this conversation. */
  resolve(tenantId: string, conversationId: string, attachments: Attachment[] | undefined): Promise<Attachment[]>;
}

/** The one place a note's files are checked: channels owns the uploads and registers the resolver. */
export function createNoteAttachments(): NoteAttachments {
  let current: NoteAttachmentResolver | undefined;
  return {
    register(resolver) {
      current = resolver;
      return () => {
        if (current === resolver) current = undefined;
      };
    },
    async resolve(tenantId, conversationId, attachments) {
      if (!attachments?.length) return [];
      if (!current) throw InboxErrors.noteAttachmentsUnavailable();
      return current({ tenantId, conversationId, attachments });
    },
  };
}
