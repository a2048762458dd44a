import { definePlugin, isBaconError, type ActionContext, type HealthResult } from '@bacon/sdk';
import { HubSpotErrors } from './errors.js';
import { hubspot } from './hubspot-client.js';
import { verifyHubSpotSignature } from './webhook-signature.js';

export { HubSpotErrors } from './errors.js';

/** HubSpot's default association types (HUBSPOT_DEFINED): note to contact, ticket to contact. */
export const NOTE_TO_CONTACT = 202;
export const TICKET_TO_CONTACT = 16;

const DEFAULT_PROPERTIES = ['firstname', 'lastname', 'email', 'phone', 'company', 'lifecyclestage', 'hs_lead_status', 'createdate'];

interface HubSpotObject {
  id: string;
  properties: Record<string, string | null>;
  createdAt?: string;
  updatedAt?: string;
  archived?: boolean;
}

interface Contact {
  email: string;
  firstname?: string;
  lastname?: string;
  phone?: string;
}

const recordUrl = (ctx: ActionContext, objectType: '0-1' | '0-5', id: string) => {
  const portal = ctx.settings.portalId;
  return portal ? `https://app.hubspot.com/contacts/${String(portal)}/record/${objectType}/${id}` : `https://app.hubspot.com/`;
};

const propertiesOf = (ctx: ActionContext) =>
  Array.isArray(ctx.settings.contactProperties) && ctx.settings.contactProperties.length
    ? (ctx.settings.contactProperties as string[])
    : DEFAULT_PROPERTIES;

async function findContact(ctx: ActionContext, email: string): Promise<HubSpotObject | undefined> {
  const found = await hubspot<{ total: number; results: HubSpotObject[] }>(ctx, 'POST', '/crm/v3/objects/contacts/search', {
    filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
    properties: propertiesOf(ctx),
    limit: 1,
  });
  return found.results[0];
}

/** The contact with this email, made when there is none (a concurrent create's 409 finds the winner). */
async function findOrCreateContact(ctx: ActionContext, input: Contact): Promise<{ contact: HubSpotObject; created: boolean }> {
  const existing = await findContact(ctx, input.email);
  if (existing) return { contact: existing, created: false };
  const properties = Object.fromEntries(Object.entries(input).filter(([, v]) => typeof v === 'string' && v));
  try {
    return { contact: await hubspot<HubSpotObject>(ctx, 'POST', '/crm/v3/objects/contacts', { properties }), created: true };
  } catch (err) {
    const again =
      isBaconError(err) && (err.details as { status?: number })?.status === 409 ? await findContact(ctx, input.email) : undefined;
    if (again) return { contact: again, created: false };
    throw err;
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const contactInput = {
  type: 'object',
  additionalProperties: false,
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email', maxLength: 254, title: 'Email' },
    firstname: { type: 'string', maxLength: 100, title: 'First name' },
    lastname: { type: 'string', maxLength: 100, title: 'Last name' },
    phone: { type: 'string', maxLength: 40, title: 'Phone' },
  },
};
const objectOut = { type: 'object', required: ['id', 'url'], properties: { id: { type: 'string' }, url: { type: 'string' } } };

function failureOf(err: unknown): HealthResult {
  if (!isBaconError(err)) return { ok: false, detail: `Unexpected failure: ${(err as Error)?.message ?? String(err)}` };
  const why: Record<string, string> = {
    hubspot_not_configured: 'Not configured: set a private-app access token, or the OAuth client id, client secret and refresh token.',
    hubspot_unauthorized: 'Bad token: HubSpot refused the access token (revoked, expired or mistyped).',
    hubspot_refresh_failed: `Bad OAuth credentials: ${err.message}`,
    hubspot_missing_scopes: `Missing scope: ${err.message}`,
    hubspot_unavailable: `Unreachable: ${err.message}`,
    hubspot_rate_limited: `Rate limited: ${err.message}`,
  };
  return { ok: false, detail: why[err.code] ?? `${err.code}: ${err.message}` };
}

/**
 * HubSpot CRM for support agents, sandboxed: finds or creates the conversation's contact, logs the
 * conversation on its timeline as a note, creates tickets, shows the contact's properties in the
 * console, and turns HubSpot's signed (v3) webhooks into a trigger.
 */
export default definePlugin({
  id: 'hubspot',
  version: '0.1.0',
  title: 'HubSpot',
  description: 'Contacts, timeline notes and tickets in HubSpot CRM.',
  engines: { sdk: '^1' },
  egress: {
    regions: ['global'],
    note: 'api.hubapi.com serves every HubSpot account; where HubSpot stores the data depends on the account (its EU data center for EU-hosted accounts).',
  },
  capabilities: [
    { name: 'http', hosts: ['api.hubapi.com'], reason: "Calls HubSpot's CRM API (and its OAuth token endpoint)." },
    { name: 'secrets', reason: 'Reads the access token, the OAuth client secret and refresh token, and the app secret.' },
    { name: 'kv', quotaBytes: 4096, reason: 'Keeps the OAuth access token until it expires (OAuth mode only).' },
  ],
  settings: {
    schema: {
      type: 'object',
      properties: {
        authMode: {
          type: 'string',
          enum: ['private_app', 'oauth'],
          default: 'private_app',
          title: 'How Bacon signs in',
          description: 'A private app token (simplest), or a public app with OAuth and a refresh token.',
        },
        accessToken: { type: 'string', title: 'Private app access token', writeOnly: true, 'x-secret': true },
        clientId: { type: 'string', title: 'OAuth client id' },
        clientSecret: {
          type: 'string',
          title: 'App client secret',
          description: 'OAuth apps: for token refresh.',
          writeOnly: true,
          'x-secret': true,
        },
        refreshToken: { type: 'string', title: 'OAuth refresh token', writeOnly: true, 'x-secret': true },
        appSecret: {
          type: 'string',
          title: 'Webhook signing secret',
          description: "The app's client secret, which signs its webhooks (v3).",
          writeOnly: true,
          'x-secret': true,
        },
        portalId: { type: 'integer', minimum: 1, title: 'HubSpot account id (portal id)', description: 'For links to records.' },
        webhookBaseUrl: {
          type: 'string',
          format: 'uri',
          title: "Bacon's public base URL as HubSpot calls it",
          description: 'Only when a proxy changes the scheme or host: HubSpot signs the URL it called.',
        },
        contactProperties: {
          type: 'array',
          items: { type: 'string', pattern: '^[a-z0-9_]{1,100}$' },
          maxItems: 30,
          title: 'Contact properties shown to agents',
          default: DEFAULT_PROPERTIES,
        },
        ticketPipeline: { type: 'string', default: '0', title: 'Ticket pipeline id' },
        ticketStage: { type: 'string', default: '1', title: 'Ticket stage id for new tickets' },
      },
    },
    uiSchema: {
      'ui:order': ['authMode', 'accessToken', 'clientId', 'clientSecret', 'refreshToken', 'appSecret', 'portalId', '*'],
      accessToken: { 'ui:widget': 'password', 'ui:help': 'pat-…, from Settings → Integrations → Private apps.' },
      clientSecret: { 'ui:widget': 'password' },
      refreshToken: { 'ui:widget': 'password' },
      appSecret: { 'ui:widget': 'password' },
    },
  },
  actions: {
    find_or_create_contact: {
      title: 'Find or create contact',
      description: 'The HubSpot contact with this email, created when there is none.',
      input: contactInput,
      output: { ...objectOut, properties: { ...objectOut.properties, created: { type: 'boolean' }, properties: { type: 'object' } } },
      idempotent: true,
      async run(input: Contact, ctx) {
        const { contact, created } = await findOrCreateContact(ctx, input);
        return { id: contact.id, created, properties: contact.properties, url: recordUrl(ctx, '0-1', contact.id) };
      },
    },
    log_conversation: {
      title: 'Log conversation to HubSpot',
      description: "Adds the conversation to the contact's timeline as a note (the contact is created when missing).",
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['email', 'transcript'],
        properties: {
          email: { type: 'string', format: 'email', maxLength: 254, title: 'Contact email' },
          subject: { type: 'string', maxLength: 200, title: 'Subject' },
          transcript: { type: 'string', minLength: 1, maxLength: 60000, title: 'Transcript' },
        },
      },
      output: { ...objectOut, properties: { ...objectOut.properties, contactId: { type: 'string' }, summary: { type: 'string' } } },
      conversation: {
        label: 'Log to HubSpot',
        prefill: { email: 'contact.email', subject: 'conversation.subject', transcript: 'conversation.transcript' },
        note: { summary: 'summary', url: 'url' },
      },
      async run(input: { email: string; subject?: string; transcript: string }, ctx) {
        const { contact } = await findOrCreateContact(ctx, { email: input.email });
        const body = `${input.subject ? `<p><strong>${escapeHtml(input.subject)}</strong></p>` : ''}<pre>${escapeHtml(input.transcript)}</pre>`;
        const note = await hubspot<HubSpotObject>(ctx, 'POST', '/crm/v3/objects/notes', {
          properties: { hs_timestamp: new Date().toISOString(), hs_note_body: body },
          associations: [
            { to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: NOTE_TO_CONTACT }] },
          ],
        });
        return {
          id: note.id,
          contactId: contact.id,
          url: recordUrl(ctx, '0-1', contact.id),
          summary: `Logged to HubSpot on ${input.email}'s timeline (note ${note.id}).`,
        };
      },
    },
    create_ticket: {
      title: 'Create HubSpot ticket',
      description: "A ticket in the configured pipeline and stage, associated with the contact's record.",
      input: {
        type: 'object',
        additionalProperties: false,
        required: ['subject'],
        properties: {
          subject: { type: 'string', minLength: 1, maxLength: 200, title: 'Subject' },
          content: { type: 'string', maxLength: 60000, title: 'Description' },
          email: { type: 'string', format: 'email', maxLength: 254, title: 'Contact email' },
          priority: { type: 'string', enum: ['LOW', 'MEDIUM', 'HIGH'], title: 'Priority' },
        },
      },
      output: { ...objectOut, properties: { ...objectOut.properties, summary: { type: 'string' } } },
      conversation: {
        label: 'Create HubSpot ticket',
        prefill: { email: 'contact.email', subject: 'conversation.subject', content: 'conversation.transcript' },
        note: { summary: 'summary', url: 'url' },
      },
      async run(input: { subject: string; content?: string; email?: string; priority?: string }, ctx) {
        const contact = input.email ? (await findOrCreateContact(ctx, { email: input.email })).contact : undefined;
        const ticket = await hubspot<HubSpotObject>(ctx, 'POST', '/crm/v3/objects/tickets', {
          properties: {
            subject: input.subject,
            ...(input.content ? { content: input.content } : {}),
            hs_pipeline: String(ctx.settings.ticketPipeline ?? '0'),
            hs_pipeline_stage: String(ctx.settings.ticketStage ?? '1'),
            ...(input.priority ? { hs_ticket_priority: input.priority } : {}),
          },
          ...(contact
            ? {
                associations: [
                  { to: { id: contact.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: TICKET_TO_CONTACT }] },
                ],
              }
            : {}),
        });
        const url = recordUrl(ctx, '0-5', ticket.id);
        return { id: ticket.id, url, summary: `HubSpot ticket ${ticket.id} created: ${input.subject}` };
      },
    },
  },
  triggers: {
    contact_event: {
      title: 'HubSpot contact event',
      description: 'A contact created, changed or deleted in HubSpot (webhook subscriptions contact.*), one payload per event.',
      source: 'webhook',
      payload: {
        type: 'object',
        required: ['eventId', 'subscriptionType', 'objectId', 'occurredAt'],
        properties: {
          eventId: { type: 'number' },
          subscriptionType: { type: 'string' },
          objectId: { type: 'number' },
          portalId: { type: 'number' },
          occurredAt: { type: 'number' },
          propertyName: { type: ['string', 'null'] },
          propertyValue: { type: ['string', 'null'] },
          changeSource: { type: ['string', 'null'] },
        },
      },
      async receive(request, ctx) {
        await verifyHubSpotSignature(request, ctx, 'contact_event');
        const events = JSON.parse(request.body) as Record<string, unknown>[];
        return (Array.isArray(events) ? events : [])
          .filter((e) => typeof e.subscriptionType === 'string' && e.subscriptionType.startsWith('contact.'))
          .map((e) => ({
            eventId: Number(e.eventId),
            subscriptionType: String(e.subscriptionType),
            objectId: Number(e.objectId),
            portalId: Number(e.portalId),
            occurredAt: Number(e.occurredAt),
            propertyName: typeof e.propertyName === 'string' ? e.propertyName : null,
            propertyValue: typeof e.propertyValue === 'string' ? e.propertyValue : null,
            changeSource: typeof e.changeSource === 'string' ? e.changeSource : null,
          }));
      },
    },
  },
  enrichers: {
    contact_properties: {
      title: 'HubSpot contact',
      async run(input, ctx) {
        const email = typeof input.contact.email === 'string' ? input.contact.email : '';
        if (!email) return { contact: null };
        const c = await findContact(ctx, email);
        return c ? { contact: { id: c.id, properties: c.properties, url: recordUrl(ctx, '0-1', c.id) } } : { contact: null };
      },
    },
  },
  async testConnection(ctx) {
    try {
      const account = await hubspot<{ portalId: number; uiDomain?: string }>(ctx, 'GET', '/account-info/v3/details');
      await hubspot(ctx, 'GET', '/crm/v3/objects/contacts?limit=1');
      return { ok: true, detail: `Connected to HubSpot account ${account.portalId}.` };
    } catch (err) {
      return failureOf(err);
    }
  },
});
