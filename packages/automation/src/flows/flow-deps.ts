import type { Knex } from 'knex';
import type { MessageComponent, PluginActionCalls, PluginJobs, PluginLogger } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import type { FlowMetrics } from './flow-metrics.js';

export type { InboxApi };
/** Components as a flow step holds them: passed to the inbox unchanged (it validates them on send). */
export type MessageComponentLike = MessageComponent | { type: string; [k: string]: unknown };

/** What running flows needs from the plugin's context. */
export interface FlowDeps {
  db: Knex;
  inbox: Pick<InboxApi, 'sendAgentMessage' | 'assign' | 'getConversation' | 'exportTranscript'>;
  plugins: PluginActionCalls;
  jobs: Pick<PluginJobs, 'send'>;
  metrics: FlowMetrics;
  log: PluginLogger;
}
