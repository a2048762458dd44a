import { defineErrors, NotFound } from '@bacon/sdk';

/** The codes only the analytics plugin throws, each once with its status and default message. */
export const AnalyticsErrorCatalog = defineErrors('analytics', {
  invalidTimeZone: {
    code: 'invalid_time_zone',
    status: 400,
    message: (d: { tz: string }) => `Unknown time zone "${d.tz}" (use an IANA name).`,
  },
  invalidRange: { code: 'invalid_range', status: 400, message: '`from` must be before `to`.' },
  rangeTooLarge: {
    code: 'range_too_large',
    status: 400,
    message: (d: { maxDays: number; groupBy: string }) => `At most ${d.maxDays} days per request with groupBy=${d.groupBy}.`,
  },
  conversationNotResolved: {
    code: 'conversation_not_resolved',
    status: 409,
    message: 'The conversation has no resolved cycle to rate yet.',
  },
  csatAlreadyAnswered: { code: 'csat_already_answered', status: 409, message: 'This conversation was already rated for this resolution.' },
});

const E = AnalyticsErrorCatalog;

export const AnalyticsErrors = {
  invalidTimeZone: (tz: string) => E.invalidTimeZone({ tz }),
  invalidRange: (from: string, to: string) => E.invalidRange({ from, to }),
  rangeTooLarge: (maxDays: number, groupBy: string) => E.rangeTooLarge({ maxDays, groupBy }),
  conversationNotFound: (id: string) => NotFound('No such conversation in the analytics facts.', { conversationId: id }),
  conversationNotResolved: (id: string) => E.conversationNotResolved({ conversationId: id }),
  csatAlreadyAnswered: (id: string, cycle: number) => E.csatAlreadyAnswered({ conversationId: id, cycle }),
};
