import type { SettingsCache } from './settings-cache.js';
import type { Knex } from 'knex';
import type {
  MessageComponentRegistry,
  PluginAudit,
  PluginBus,
  PluginDirectory,
  PluginEventLog,
  PluginJobs,
  PluginLogger,
} from '@bacon/sdk';
import type { InboxMetrics } from './inbox-metrics.js';
import type { Redaction } from './redaction.js';
import type { NoteAttachments } from './note-attachments.js';
import type { OutboundChecks } from './outbound-checks.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { GroupCommit } from './group-commit.js';

/**
 * What the inbox services need, handed in explicitly (no module singletons). On PGlite the database
 * is one session: nothing here may touch `db`, `directory` or `jobs` while a transaction is open
 * except through that transaction; directory look-ups happen before it, jobs after the commit.
 */
export interface InboxDeps {
  db: Knex;
  directory: PluginDirectory;
  redaction: Redaction;
  /** Checks a message must pass before it is committed (channels' reply windows); none when absent. */
  outboundChecks?: OutboundChecks;
  /** Resolves the files a note carries (channels registers the resolver); a note takes none when absent. */
  noteAttachments?: NoteAttachments;
  /** Orders this process's assignment decisions per tenant before they reach the database lock. */
  assignments: KeyedQueue;
  bus?: PluginBus;
  /** The host's durable event log: the unit of work appends its events to it before commit. */
  events?: PluginEventLog;
  /** The tenants' settings, cached per host and invalidated through the bus. */
  settings?: SettingsCache;
  jobs?: PluginJobs;
  metrics?: InboxMetrics;
  log?: PluginLogger;
  /** Group commit for the one-statement appends (inbound messages, replies); without it each commits alone. */
  appends?: GroupCommit;
  /** The host's audit trail: admin changes to the tenant's settings are recorded there. */
  audit?: PluginAudit;
  /** The install's rich message types: a reply's components are checked against them. */
  components?: Pick<MessageComponentRegistry, 'problems'>;
}

export const WAKE_SNOOZED_QUEUE = 'wake-snoozed';
export const RETENTION_QUEUE = 'retention';
