import { analyticsSettingsSchema } from '@bacon/analytics-contract';
import { businessHoursSchema } from '@bacon/inbox-contract';
import type { JsonSchema } from '@bacon/sdk';

/**
 * The plugin's settings: the CSAT survey (`@bacon/analytics-contract`) and the business-hours calendar
 * first response time may be counted in (`businessHours=true`), the calendar shape automation uses too.
 */
export const settingsSchema: JsonSchema = {
  ...analyticsSettingsSchema,
  properties: {
    ...(analyticsSettingsSchema.properties as Record<string, JsonSchema>),
    businessHours: {
      ...businessHoursSchema,
      title: 'Business hours',
      description: 'Weekly opening hours in a time zone, minus holidays: first response time may count only these.',
    },
  },
};
