import type { InboxApi } from '@bacon/inbox-contract';

/** The part of the inbox's API (`ctx.use('inbox')`, typed by `@bacon/inbox-contract`) the web channel calls. */
export type InboxPort = Pick<
  InboxApi,
  | 'ingestInbound'
  | 'getConversation'
  | 'listMessagesSince'
  | 'findConversationByExternalId'
  | 'outboundChecks'
  | 'noteAttachments'
  | 'anyAgentAvailable'
  | 'exportTranscript'
>;

/** A message as the inbox hands it out: the contract's `Message`. */
export type { Message as InboxMessage } from '@bacon/inbox-contract';
