/** Durable topics the analytics plugin appends (see docs/plugins/events.md). */
export const CSAT_REQUESTED = 'csat.requested';
export const CSAT_ANSWERED = 'csat.answered';
/** Appended by the AI assist plugin when an agent accepts, edits or rejects a draft; analytics reads it. */
export const AI_DRAFT_FEEDBACK = 'ai.draft.feedback';

/** A CSAT survey was sent on a close (a web conversation whose site key has surveys on). Key: the conversation. */
export interface CsatRequestedPayload {
  tenantId: string;
  conversationId: string;
  contactId: string | null;
  /** The resolved cycle the survey is about (0, then one more per reopen). */
  cycle: number;
  siteKey: string | null;
  question: string;
  requestedAt: string;
}

/** A contact answered a CSAT survey ("CSAT received"). Key: the conversation. */
export interface CsatAnsweredPayload {
  tenantId: string;
  conversationId: string;
  contactId: string | null;
  /** 1 (worst) to 5 (best). */
  rating: number;
  comment: string | null;
  answeredAt: string;
}

export type AiDraftOutcome = 'accepted' | 'edited' | 'rejected';

/** An agent's verdict on an AI draft. Key: the conversation. */
export interface AiDraftFeedbackPayload {
  tenantId: string;
  draftId: string;
  conversationId: string;
  agentId: string;
  outcome: AiDraftOutcome;
  /** Characters changed between the draft and what was sent (edited drafts). */
  editDistance?: number;
  at: string;
}
