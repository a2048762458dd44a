import { defineErrors, NotFound } from '@bacon/sdk';

/** The codes only automation throws, each once with its status and default message. */
export const AutomationErrorCatalog = defineErrors('automation', {
  ruleNameTaken: { code: 'automation_rule_name_taken', status: 409, message: 'A rule with this name exists.' },
  patternInvalid: {
    code: 'automation_pattern_invalid',
    status: 400,
    message: (d: { field: string; reason: string }) => `${d.field} is not a valid regular expression: ${d.reason}`,
  },
  assignTargetInvalid: {
    code: 'automation_assign_target_invalid',
    status: 400,
    message: 'An assign action needs exactly one of agentId and strategy.',
  },
  cronInvalid: {
    code: 'automation_cron_invalid',
    status: 400,
    message: (d: { field: string; reason: string }) => `${d.field} is not a valid cron expression: ${d.reason}`,
  },
  timeZoneInvalid: {
    code: 'automation_time_zone_invalid',
    status: 400,
    message: (d: { field: string; timeZone: string }) => `${d.field}: "${d.timeZone}" is not a known IANA time zone.`,
  },
  secretNotSet: {
    code: 'automation_secret_not_set',
    status: 400,
    message: 'A webhook action sent back the `__set__` sentinel but no secret is stored for it.',
  },
});

const E = AutomationErrorCatalog;

/** Automation's refusals, by what the domain knows when it refuses. */
export const AutomationErrors = {
  ruleNotFound: (id: string) => NotFound('No such automation rule.', { ruleId: id }),
  conversationNotFound: (id: string) => NotFound('No such conversation.', { conversationId: id }),
  ruleNameTaken: (name: string) => E.ruleNameTaken({ name }),
  patternInvalid: (field: string, reason: string) => E.patternInvalid({ field, reason }),
  assignTargetInvalid: (field: string) => E.assignTargetInvalid({ field }),
  secretNotSet: (field: string) => E.secretNotSet({ field }),
  cronInvalid: (field: string, reason: string) => E.cronInvalid({ field, reason }),
  timeZoneInvalid: (field: string, timeZone: string) => E.timeZoneInvalid({ field, timeZone }),
};
