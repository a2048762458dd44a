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
  reportOptionUnsupported: {
    code: 'report_option_unsupported',
    status: 400,
    message: (d: { report: string; option: string }) => `The ${d.report} report does not take ${d.option}.`,
  },
  businessHoursNotSet: {
    code: 'business_hours_not_set',
    status: 400,
    message: 'No business-hours calendar is set: set `businessHours` in the analytics settings first.',
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
  reportOptionUnsupported: (report: string, option: string) => E.reportOptionUnsupported({ report, option }),
  businessHoursNotSet: () => E.businessHoursNotSet({}),
  csatAlreadyAnswered: (id: string, cycle: number) => E.csatAlreadyAnswered({ conversationId: id, cycle }),
};
