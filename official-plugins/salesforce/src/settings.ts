/** The Salesforce REST API version every call uses (pinned: Winter '25). */
export const API_VERSION = 'v62.0';

export interface SalesforceSettings {
  instanceUrl?: string;
  loginUrl?: string;
  clientId?: string;
  caseOrigin?: string;
}

/** Settings: the connected app's OAuth client and the org. Secrets are write-only and stored encrypted. */
export const SETTINGS_SCHEMA = {
  type: 'object',
  required: ['instanceUrl', 'clientId', 'clientSecret', 'refreshToken'],
  properties: {
    instanceUrl: {
      type: 'string',
      title: 'Instance URL',
      description: "Your org's My Domain, e.g. https://acme.my.salesforce.com",
      pattern: '^https://[a-zA-Z0-9-]+(\\.[a-zA-Z0-9-]+)*\\.my\\.salesforce\\.com/?$',
    },
    loginUrl: {
      type: 'string',
      title: 'Login URL',
      description:
        'Where tokens are refreshed: https://login.salesforce.com, https://test.salesforce.com for a sandbox, or your My Domain.',
      default: 'https://login.salesforce.com',
      pattern: '^https://((login|test)\\.salesforce\\.com|[a-zA-Z0-9-]+(\\.[a-zA-Z0-9-]+)*\\.my\\.salesforce\\.com)/?$',
    },
    clientId: { type: 'string', title: 'Consumer key (client id)', minLength: 1, maxLength: 256 },
    clientSecret: { type: 'string', title: 'Consumer secret (client secret)', writeOnly: true, 'x-secret': true },
    refreshToken: { type: 'string', title: 'Refresh token', writeOnly: true, 'x-secret': true },
    caseOrigin: { type: 'string', title: 'Origin of the cases Bacon creates', default: 'Chat', maxLength: 40 },
  },
};

export const SETTINGS_UI_SCHEMA = {
  'ui:order': ['instanceUrl', 'loginUrl', 'clientId', 'clientSecret', 'refreshToken', 'caseOrigin'],
  clientSecret: { 'ui:widget': 'password' },
  refreshToken: { 'ui:widget': 'password', 'ui:help': 'From the OAuth web-server flow with the refresh_token scope.' },
};

/** A URL without its trailing slash. */
export const trimUrl = (u: string) => u.replace(/\/+$/, '');
