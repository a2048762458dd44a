import { defineErrors, NotFound } from '@bacon/sdk';

/** The codes only the AI assist throws, each once with its status and default message. */
export const AiAssistErrorCatalog = defineErrors('ai-assist', {
  providerAuthFailed: {
    code: 'ai_provider_auth_failed',
    status: 502,
    message: (d: { provider: string; status: number }) =>
      `The AI provider (${d.provider}) refused the API key (HTTP ${d.status}): check the key in the AI assist settings.`,
  },
  providerRateLimited: {
    code: 'ai_provider_rate_limited',
    status: 429,
    retryable: true,
    message: (d: { provider: string; retryAfter?: number }) =>
      `The AI provider (${d.provider}) is rate limiting this workspace${d.retryAfter ? `: try again in ${d.retryAfter} s` : ''}.`,
  },
  providerFailed: {
    code: 'ai_provider_failed',
    status: 502,
    retryable: true,
    message: (d: { provider: string; status?: number; detail?: string }) =>
      `The AI provider (${d.provider}) failed${d.status ? ` (HTTP ${d.status})` : ''}${d.detail ? `: ${d.detail}` : ''}.`,
  },
  providerTimeout: {
    code: 'ai_provider_timeout',
    status: 504,
    retryable: true,
    message: (d: { provider: string; timeoutMs: number }) => `The AI provider (${d.provider}) did not answer within ${d.timeoutMs} ms.`,
  },
  providerUnreachable: {
    code: 'ai_provider_unreachable',
    status: 502,
    retryable: true,
    message: (d: { provider: string; host: string }) => `The AI provider (${d.provider}) at ${d.host} cannot be reached.`,
  },
  providerNotConfigured: {
    code: 'ai_provider_not_configured',
    status: 400,
    message: (d: { missing: string }) => `The AI assist settings lack ${d.missing}.`,
  },
  tokenBudgetSpent: {
    code: 'ai_token_budget_spent',
    status: 429,
    message: (d: { used: number; budget: number; resetsAt: string }) =>
      `This workspace used ${d.used} of its ${d.budget} AI tokens this month; drafts resume on ${d.resetsAt} (or an admin raises the budget).`,
  },
  feedbackRecorded: {
    code: 'ai_feedback_already_recorded',
    status: 409,
    message: 'Feedback on this draft was already recorded.',
  },
  editDistanceRequired: {
    code: 'ai_edit_distance_required',
    status: 400,
    message: 'An `edited` outcome carries `editDistance`, and only it does.',
  },
});

const E = AiAssistErrorCatalog;

/** Seconds a 429 tells the caller to wait (`Retry-After`). */
function withRetryAfter<T extends Error>(err: T, seconds: number | undefined): T {
  if (seconds !== undefined) Object.assign(err, { retryAfter: Math.max(1, Math.ceil(seconds)) });
  return err;
}

export const AiAssistErrors = {
  providerAuthFailed: (provider: string, status: number) => E.providerAuthFailed({ provider, status }),
  providerRateLimited: (provider: string, retryAfter?: number) =>
    withRetryAfter(E.providerRateLimited({ provider, ...(retryAfter ? { retryAfter } : {}) }), retryAfter),
  providerFailed: (provider: string, status?: number, detail?: string) => E.providerFailed({ provider, status, detail }),
  providerTimeout: (provider: string, timeoutMs: number) => E.providerTimeout({ provider, timeoutMs }),
  providerUnreachable: (provider: string, host: string) => E.providerUnreachable({ provider, host }),
  providerNotConfigured: (missing: string) => E.providerNotConfigured({ missing }),
  tokenBudgetSpent: (used: number, budget: number, resetsAt: Date) =>
    withRetryAfter(
      E.tokenBudgetSpent({ used, budget, resetsAt: resetsAt.toISOString().slice(0, 10) }),
      (resetsAt.getTime() - Date.now()) / 1000,
    ),
  conversationNotFound: (id: string) => NotFound('No such conversation.', { conversationId: id }),
  draftNotFound: (id: string) => NotFound('No such draft.', { draftId: id }),
  feedbackRecorded: (draftId: string, outcome: string) => E.feedbackRecorded({ draftId, outcome }),
  editDistanceRequired: () => E.editDistanceRequired(),
};
