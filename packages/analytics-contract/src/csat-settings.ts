/** The question a survey asks when the settings name none. */
export const DEFAULT_CSAT_QUESTION = 'How would you rate this conversation?';

/** One site key's survey: on or off, and its question. */
export interface CsatSurveySetting {
  enabled?: boolean;
  question?: string;
}

/** The analytics plugin's `csat` settings: the default survey, and overrides per site key. */
export interface CsatSettings extends CsatSurveySetting {
  siteKeys?: Record<string, CsatSurveySetting>;
}

/** The survey a conversation of `siteKey` gets on close: the site key's override, else the default (on). */
export function csatSurveyFor(settings: CsatSettings | undefined, siteKey: string): { enabled: boolean; question: string } {
  const own = settings?.siteKeys?.[siteKey];
  return {
    enabled: own?.enabled ?? settings?.enabled ?? true,
    question: own?.question || settings?.question || DEFAULT_CSAT_QUESTION,
  };
}
