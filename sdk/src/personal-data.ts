/**
 * The registry of personal data holders: every owner of data about a contact (the inbox, the host's
 * plugin kv and event log, analytics, AI drafts...) registers a holder, and the GDPR export asks
 * each in turn. A new owner joins by registering; the export does not change.
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

export interface PersonalDataHolder {
  /** The export's section for this holder: unique, `^[a-z][a-z0-9_]*$` (`inbox`, `plugin_kv`). */
  name: string;
  /** Ids (beside the contact's) under which this holder keys the subject's data: its conversations... */
  refs?(subject: Omit<PersonalDataSubject, 'refs'>): Promise<string[]>;
  /** What it holds about the subject, JSON-serialisable (rows as stored); `null` when it holds nothing. */
  export(subject: PersonalDataSubject): Promise<unknown>;
}

/** `services.personalData` (declare `services: ['personalData']`). */
export interface PluginPersonalData {
  /** Adds a holder; a second holder with the same name is refused (throws). */
  register(holder: PersonalDataHolder): void;
  /** Every holder, in registration order (the host's own first). */
  holders(): readonly PersonalDataHolder[];
}
