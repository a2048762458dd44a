/**
 * The registry of personal data holders: every owner of data about a contact (the inbox, the host's
 * plugin kv and event log, analytics, AI drafts...) registers a holder, and the GDPR export asks
 * each in turn, and so does the erasure (`DELETE /api/v1/contacts/:id`). A new owner joins by
 * registering; neither the export nor the erasure changes.
 */

/** Whose data: one contact of one tenant. */
export interface PersonalDataSubject {
  tenantId: string;
  contactId: string;
  /**
   * Other ids the subject's data is keyed by, gathered from every holder's `refs` before any export
   * (the inbox adds the contact's conversation ids), so the event log or a plugin's kv entries keyed
   * by a conversation are found too.
   */
  refs: readonly string[];
}

/** `erase`: hard delete. `anonymize`: keep the rows statistics need, scrub every personal datum in them. */
export type ErasureMode = 'erase' | 'anonymize';

/** What the erasure asks a holder to do. */
export interface ErasureRequest {
  mode: ErasureMode;
  /** Count what would go and change nothing. */
  dryRun: boolean;
}

/**
 * A holder's answer: rows affected by kind (`{ messages: 3, notes: 1 }`; in a dry run, rows that
 * would be), and an optional short note (a plugin that forwarded the request to its CRM says so). Never
 * a personal datum: it is stored and shown as is.
 */
export interface ErasureAnswer {
  counts: Record<string, number>;
  note?: string;
}

export interface PersonalDataHolder {
  /** The export's section for this holder: unique, `^[a-z][a-z0-9_]*$` (`inbox`, `plugin_kv`). */
  name: string;
  /** Ids (beside the contact's) under which this holder keys the subject's data: its conversations... */
  refs?(subject: Omit<PersonalDataSubject, 'refs'>): Promise<string[]>;
  /** What it holds about the subject, JSON-serialisable (rows as stored); `null` when it holds nothing. */
  export(subject: PersonalDataSubject): Promise<unknown>;
  /**
   * Erases (or anonymizes) what it holds about the subject, or counts it in a dry run. Must be
   * idempotent: a second call finds nothing and answers zero counts. A dry run must count exactly
   * what the real call would change. Throwing records the failure; the other holders still run.
   */
  erase(subject: PersonalDataSubject, request: ErasureRequest): Promise<ErasureAnswer>;
}

/** What a retention policy does to rows past its age: delete them, or keep them with their personal data scrubbed. */
export type RetentionMode = 'delete' | 'anonymize';

/**
 * One kind of data a tenant's retention policy can age out (`closed_conversations`, `messages`,
 * `attachments`, `audit_log`, `events`, `ai_drafts`...), registered by its owner. The compliance
 * plugin stores the policies, previews them with `count` and applies them with `apply` in a durable
 * daily job. Both must use the same conditions, and `apply` must be idempotent (an anonymized row is
 * not counted again).
 */
export interface RetentionTarget {
  /** The policy's kind: unique, `^[a-z][a-z0-9_]*$`. */
  kind: string;
  /** One sentence for the settings page. */
  description: string;
  /** The modes it supports (files and plugin copies can only be deleted). */
  modes: readonly RetentionMode[];
  /** Rows older than `before` that `apply` would change. */
  count(tenantId: string, before: Date, mode: RetentionMode): Promise<number>;
  /** Deletes or anonymizes at most `limit` rows older than `before`; answers how many (fewer than `limit`: done). */
  apply(tenantId: string, before: Date, mode: RetentionMode, limit: number): Promise<number>;
}

/** `services.personalData` (declare `services: ['personalData']`). */
export interface PluginPersonalData {
  /** Adds a holder; a second holder with the same name is refused (throws). */
  register(holder: PersonalDataHolder): void;
  /** Every holder, in registration order (the host's own first). */
  holders(): readonly PersonalDataHolder[];
  /** Adds a kind retention policies can age out; a second target of the same kind is refused (throws). */
  addRetentionTarget(target: RetentionTarget): void;
  /** Every retention target, in registration order. */
  retentionTargets(): readonly RetentionTarget[];
}
