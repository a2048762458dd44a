import type { InboxApi } from '@bacon/inbox-contract';

/** The part of the inbox's API (`ctx.use('inbox')`, typed by `@bacon/inbox-contract`) the web channel calls. */
export type InboxPort = Pick<InboxApi, 'ingestInbound' | 'getConversation' | 'listMessagesSince'>;
