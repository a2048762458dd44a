import type { Knex } from 'knex';
import type { PluginEventLog } from '@bacon/sdk';
import { AiAssistErrors } from './errors.js';
import type { AiMetrics } from './ai-metrics.js';
import { draftForFeedback, recordFeedback, type FeedbackOutcome } from './drafts-store.js';

/** The durable event's topic; analytics computes the acceptance rate from it. */
export const FEEDBACK_TOPIC = 'ai.draft.feedback';

/** The payload of `ai.draft.feedback` (docs/plugins/events.md). */
export interface DraftFeedbackEvent {
  tenantId: string;
  draftId: string;
  conversationId: string;
  agentId: string;
  outcome: FeedbackOutcome;
  /** `edited` only: characters changed between the draft and what was sent (Levenshtein). */
  editDistance?: number;
  at: string;
}

/**
 * Stores an agent's feedback on a draft, once, and appends `ai.draft.feedback` in the same
 * transaction (keyed by the conversation), so a consumer hears it exactly when it is stored.
 */
export async function recordDraftFeedback(
  deps: { db: Knex; events: PluginEventLog; metrics: AiMetrics },
  input: { tenantId: string; agentId: string; draftId: string; outcome: FeedbackOutcome; editDistance?: number },
): Promise<DraftFeedbackEvent> {
  if ((input.outcome === 'edited') !== (input.editDistance !== undefined)) throw AiAssistErrors.editDistanceRequired();
  const at = new Date();
  const event = await deps.db.transaction(async (trx) => {
    const draft = await draftForFeedback(trx, input.tenantId, input.draftId);
    if (!draft) throw AiAssistErrors.draftNotFound(input.draftId);
    if (draft.feedback) throw AiAssistErrors.feedbackRecorded(input.draftId, draft.feedback);
    await recordFeedback(trx, input.tenantId, input.draftId, {
      outcome: input.outcome,
      editDistance: input.editDistance ?? null,
      by: input.agentId,
      at,
    });
    const payload: DraftFeedbackEvent = {
      tenantId: input.tenantId,
      draftId: input.draftId,
      conversationId: draft.conversation_id,
      agentId: input.agentId,
      outcome: input.outcome,
      ...(input.editDistance !== undefined ? { editDistance: input.editDistance } : {}),
      at: at.toISOString(),
    };
    await deps.events.append(trx, [{ topic: FEEDBACK_TOPIC, tenantId: input.tenantId, key: draft.conversation_id, payload }]);
    return payload;
  });
  deps.metrics.feedback.inc({ plugin: 'ai-assist', outcome: input.outcome });
  return event;
}
