import type { Knex } from 'knex';
import type { Attachment } from '@bacon/sdk';
import type { NoteAttachmentResolver } from '@bacon/inbox-contract';
import { findAttachment, markAttachmentsInternal } from './attachments.js';
import { ChannelErrors } from './errors.js';

/** The agents' route of an upload: what `POST /channels/conversations/:id/attachments` answers as `url`. */
export const agentAttachmentUrl = (id: string): string => `/api/v1/channels/attachments/${id}`;

const UPLOAD_PATH = /^\/api\/v1\/channels\/attachments\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** The upload id a reference names: its url, absolute (as the console sends it) or from the root. */
function uploadId(a: Attachment): string | undefined {
  if (!a.url) return undefined;
  try {
    return UPLOAD_PATH.exec(new URL(a.url, 'http://local').pathname)?.[1]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * A note's files, as the inbox asks for them: each an agent upload of this tenant (else 404) made for
 * this conversation (else 400), answered as stored (name, type, size) and from then on kept from the
 * conversation's visitor.
 */
export function noteAttachmentResolver(db: Knex): NoteAttachmentResolver {
  return async ({ tenantId, conversationId, attachments }) => {
    const out: Attachment[] = [];
    for (const [i, ref] of attachments.entries()) {
      const field = `attachments/${i}/url`;
      const id = uploadId(ref);
      if (!id) throw ChannelErrors.attachmentNotUpload({ field });
      const a = await findAttachment(db, tenantId, id);
      if (!a) throw ChannelErrors.attachmentNotFound({ field, id });
      if (a.conversationId !== conversationId) throw ChannelErrors.attachmentOtherConversation({ field, id });
      out.push({ name: a.name, contentType: a.contentType, size: a.size, url: agentAttachmentUrl(a.id) });
    }
    await markAttachmentsInternal(
      db,
      tenantId,
      out.map((a) => uploadId(a)!),
    );
    return out;
  };
}
