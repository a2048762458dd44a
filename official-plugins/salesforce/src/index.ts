import { definePlugin, type ActionContext, type HealthResult } from '@bacon/sdk';
import { API_VERSION, SETTINGS_SCHEMA, SETTINGS_UI_SCHEMA, trimUrl, type SalesforceSettings } from './settings.js';
import { instanceUrl, parseLimitInfo, refreshSession, send } from './client.js';
import { createRecord, findPeople, recentCases, recordUrl } from './records.js';
import { formatTranscript, type TranscriptLine } from './transcript.js';
import { isRecordId } from './soql.js';

export { API_VERSION } from './settings.js';
export { soqlString } from './soql.js';

const RECORD_ID = { type: 'string', pattern: '^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$' };
const PERSON = {
  type: 'object',
  required: ['id', 'type', 'name', 'url'],
  properties: {
    id: RECORD_ID,
    type: { enum: ['Contact', 'Lead'] },
    name: { type: 'string' },
    email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    company: { type: ['string', 'null'] },
    url: { type: 'string' },
  },
};

/** What a connection test says, in the admin's words, for each way it can fail. */
async function testConnection(ctx: ActionContext): Promise<HealthResult> {
  const s = ctx.settings as SalesforceSettings;
  let token;
  try {
    token = await refreshSession(ctx, { disableOnFailure: false });
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === 'salesforce_auth_failed') return { ok: false, detail: `Bad credentials: ${e.message}` };
    if (e.code === 'salesforce_unavailable')
      return { ok: false, detail: `Unreachable: ${e.message} Check the login URL (${s.loginUrl ?? 'https://login.salesforce.com'}).` };
    return { ok: false, detail: e.message ?? String(err) };
  }
  const configured = instanceUrl(ctx);
  if (trimUrl(token.instance_url).toLowerCase() !== configured.toLowerCase())
    return { ok: false, detail: `Wrong instance: the refresh token belongs to ${token.instance_url}, not ${configured}.` };
  try {
    const res = await send(ctx, `${configured}/services/data/${API_VERSION}/limits`, {
      method: 'GET',
      headers: { authorization: `Bearer ${token.accessToken}`, accept: 'application/json' },
    });
    if (res.status === 401 || res.status === 403)
      return {
        ok: false,
        detail: `Bad credentials: the org refused the new session (HTTP ${res.status}); check the connected app's scopes (api, refresh_token).`,
      };
    if (res.status === 404) return { ok: false, detail: `Wrong instance: ${configured} has no REST API ${API_VERSION}.` };
    if (res.status !== 200) return { ok: false, detail: `Salesforce answered HTTP ${res.status}.` };
    const daily = res.json<{ DailyApiRequests?: { Max: number; Remaining: number } }>().DailyApiRequests;
    const usage = parseLimitInfo(res.headers['sforce-limit-info']);
    const left = daily
      ? `${daily.Remaining} of ${daily.Max} daily API requests left`
      : usage
        ? `${usage.used} of ${usage.max} API requests used today`
        : '';
    return { ok: true, detail: `Connected to ${configured} (API ${API_VERSION})${left ? `; ${left}` : ''}.` };
  } catch (err) {
    return { ok: false, detail: `Unreachable: ${(err as Error).message} Check the instance URL.` };
  }
}

/**
 * Salesforce for the support team: find the Contact or Lead behind a conversation, open a Case with
 * its transcript, add comments, and show the contact's recent cases beside the conversation.
 * OAuth 2.0 with a refresh token: the access token is kept in kv, refreshed once when Salesforce
 * says the session expired; a refresh Salesforce refuses disables the install with the reason.
 */
export default definePlugin({
  id: 'salesforce',
  version: '0.1.0',
  title: 'Salesforce',
  description: 'Look up Contacts and Leads, create Cases from conversations, see recent cases beside the conversation.',
  engines: { sdk: '^1' },
  egress: {
    regions: ['global'],
    note: "Your org's instance decides the region (Hyperforce offers EU instances); the plugin cannot tell which.",
  },
  capabilities: [
    {
      name: 'http',
      hosts: ['login.salesforce.com', 'test.salesforce.com', '*.my.salesforce.com'],
      reason: "Salesforce's OAuth token endpoint and your org's REST API",
    },
    { name: 'kv', reason: 'Keeps the current access token and which conversation made which case', quotaBytes: 256 * 1024 },
    { name: 'secrets', reason: "Reads the connected app's client secret and the refresh token" },
  ],
  settings: { schema: SETTINGS_SCHEMA, uiSchema: SETTINGS_UI_SCHEMA },
  actions: {
    findPerson: {
      title: 'Find Salesforce contact or lead',
      description: 'Contacts and unconverted Leads whose email is exactly this address.',
      idempotent: true,
      timeoutMs: 30000,
      input: {
        type: 'object',
        required: ['email'],
        additionalProperties: false,
        properties: {
          email: { type: 'string', minLength: 3, maxLength: 254, title: 'Email' },
          types: { type: 'array', uniqueItems: true, items: { enum: ['Contact', 'Lead'] }, default: ['Contact', 'Lead'] },
        },
      },
      output: { type: 'object', required: ['people'], properties: { people: { type: 'array', items: PERSON } } },
      run: async (input: { email: string; types?: ('Contact' | 'Lead')[] }, ctx) => ({
        people: await findPeople(ctx, input.email, input.types),
      }),
    },
    createCase: {
      title: 'Create Salesforce case',
      description: "Opens a Case with the conversation's transcript, linked to the Contact with the customer's email when there is one.",
      idempotent: true,
      timeoutMs: 30000,
      input: {
        type: 'object',
        required: ['conversationId', 'subject'],
        additionalProperties: false,
        properties: {
          conversationId: { type: 'string', minLength: 1, maxLength: 128 },
          subject: { type: 'string', minLength: 1, maxLength: 255, title: 'Subject' },
          email: { type: 'string', maxLength: 254, title: "Customer's email" },
          contactId: { ...RECORD_ID, title: 'Salesforce Contact id' },
          priority: { enum: ['Low', 'Medium', 'High'], default: 'Medium', title: 'Priority' },
          conversationUrl: { type: 'string', maxLength: 2000 },
          transcript: {
            type: 'array',
            maxItems: 1000,
            items: {
              type: 'object',
              required: ['author', 'text'],
              properties: {
                author: { type: 'string', maxLength: 200 },
                text: { type: 'string', maxLength: 20000 },
                at: { type: 'string' },
              },
            },
            default: [],
          },
        },
      },
      output: {
        type: 'object',
        required: ['caseId', 'url', 'created'],
        properties: { caseId: RECORD_ID, url: { type: 'string' }, created: { type: 'boolean' }, contactId: { type: ['string', 'null'] } },
      },
      async run(
        input: {
          conversationId: string;
          subject: string;
          email?: string;
          contactId?: string;
          priority?: string;
          conversationUrl?: string;
          transcript?: TranscriptLine[];
        },
        ctx,
      ) {
        // One case per conversation: a retried call answers the case it already made.
        const key = `case:${input.conversationId}`;
        const known = await ctx.kv.get<{ caseId: string; contactId: string | null }>(key);
        if (known) return { caseId: known.caseId, url: recordUrl(ctx, 'Case', known.caseId), created: false, contactId: known.contactId };
        let contactId = input.contactId ?? null;
        if (!contactId && input.email) contactId = (await findPeople(ctx, input.email, ['Contact']))[0]?.id ?? null;
        const intro = `Created from Bacon conversation ${input.conversationId}${input.conversationUrl ? ` (${input.conversationUrl})` : ''}.`;
        const caseId = await createRecord(ctx, 'Case', {
          Subject: input.subject,
          Description: formatTranscript(input.transcript ?? [], intro),
          Origin: (ctx.settings as SalesforceSettings).caseOrigin ?? 'Chat',
          Priority: input.priority ?? 'Medium',
          ...(contactId ? { ContactId: contactId } : input.email ? { SuppliedEmail: input.email } : {}),
        });
        await ctx.kv.set(key, { caseId, contactId });
        return { caseId, url: recordUrl(ctx, 'Case', caseId), created: true, contactId };
      },
    },
    addCaseComment: {
      title: 'Add Salesforce case comment',
      description: 'Adds a comment to a Case (internal unless published).',
      timeoutMs: 30000,
      input: {
        type: 'object',
        required: ['caseId', 'body'],
        additionalProperties: false,
        properties: {
          caseId: { ...RECORD_ID, title: 'Case id' },
          body: { type: 'string', minLength: 1, maxLength: 4000, title: 'Comment' },
          published: { type: 'boolean', default: false, title: 'Visible to the customer' },
        },
      },
      output: {
        type: 'object',
        required: ['commentId', 'caseId', 'url'],
        properties: { commentId: RECORD_ID, caseId: RECORD_ID, url: { type: 'string' } },
      },
      async run(input: { caseId: string; body: string; published?: boolean }, ctx) {
        const commentId = await createRecord(ctx, 'CaseComment', {
          ParentId: input.caseId,
          CommentBody: input.body,
          IsPublished: input.published ?? false,
        });
        return { commentId, caseId: input.caseId, url: recordUrl(ctx, 'Case', input.caseId) };
      },
    },
  },
  enrichers: {
    recentCases: {
      title: 'Salesforce cases',
      async run(input, ctx) {
        const email = typeof input.contact.email === 'string' ? input.contact.email : undefined;
        if (!email) return { contact: null, cases: [] };
        const [person] = await findPeople(ctx, email, ['Contact']);
        if (!person || !isRecordId(person.id)) return { contact: null, cases: [] };
        return { contact: { id: person.id, name: person.name, url: person.url }, cases: await recentCases(ctx, person.id) };
      },
    },
  },
  testConnection,
});
