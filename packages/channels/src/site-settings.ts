import type { Knex } from 'knex';
import type { PluginRoutes } from '@bacon/sdk';
import { AA_TEXT, contrastRatio, readableTextOn } from './contrast.js';
import { isOpen, knownTimeZone, officeHoursSchema, type OfficeHours } from './office-hours.js';
import { attachmentLimits, type AttachmentLimits } from './attachment-limits.js';
import { ChannelErrors } from './errors.js';

export type PreChatField = 'off' | 'optional' | 'required';

/** What one site key overrides of the tenant's widget settings (absent: the tenant's value). */
export interface SiteSettings {
  title?: string;
  greeting?: string;
  color?: string;
  textColor?: string;
  position?: 'right' | 'left';
  replyTime?: 'minutes' | 'hour' | 'hours' | 'day';
  officeHours?: OfficeHours | null;
  preChat?: { name: PreChatField; email: PreChatField };
}

/** What the widget is told: appearance, whether the team is in, what to ask first, what it may upload. */
export interface WidgetView {
  title: string;
  greeting: string;
  color: string;
  textColor: string;
  position: 'right' | 'left';
  replyTime: NonNullable<SiteSettings['replyTime']>;
  open: boolean;
  preChat: { name: PreChatField; email: PreChatField };
  uploads: AttachmentLimits;
}

const COLOR = { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' };
const FIELD = { type: 'string', enum: ['off', 'optional', 'required'] };
export const siteSettingsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    title: { type: 'string', maxLength: 80, title: 'Title' },
    greeting: { type: 'string', maxLength: 300, title: 'Greeting' },
    color: { ...COLOR, title: 'Accent colour' },
    textColor: { ...COLOR, title: 'Text colour on the accent' },
    position: { type: 'string', enum: ['right', 'left'], title: 'Position' },
    replyTime: { type: 'string', enum: ['minutes', 'hour', 'hours', 'day'], title: 'Expected reply time' },
    officeHours: { anyOf: [officeHoursSchema, { type: 'null' }] },
    preChat: {
      type: 'object',
      title: 'Pre-chat form',
      required: ['name', 'email'],
      additionalProperties: false,
      properties: { name: { ...FIELD, title: 'Name' }, email: { ...FIELD, title: 'Email' } },
    },
  },
};

const TABLE = 'channels_site_settings';
const BASE = { title: 'Chat with us', greeting: 'Hi! How can we help?', color: '#b3261e', position: 'right' as const };

export async function readSiteSettings(db: Knex, tenantId: string, siteKey: string): Promise<SiteSettings> {
  const r = (await db(TABLE).where({ tenant_id: tenantId, site_key: siteKey }).first('settings')) as { settings: unknown } | undefined;
  const s = typeof r?.settings === 'string' ? JSON.parse(r.settings) : r?.settings;
  return (s ?? {}) as SiteSettings;
}

/** Refuses what the schema cannot say: unreadable text on the accent, an unknown time zone. */
export function checkSiteSettings(s: SiteSettings, tenantWidget: Record<string, unknown>): void {
  const color = s.color ?? (tenantWidget.color as string | undefined) ?? BASE.color;
  if (s.textColor && contrastRatio(color, s.textColor) < AA_TEXT)
    throw ChannelErrors.contrastTooLow({
      field: 'textColor',
      ratio: Math.round(contrastRatio(color, s.textColor) * 100) / 100,
      minimum: AA_TEXT,
      suggested: readableTextOn(color),
    });
  if (s.officeHours && !knownTimeZone(s.officeHours.timeZone)) throw ChannelErrors.timeZoneUnknown({ field: 'officeHours.timeZone' });
}

/** The tenant's widget settings, then the site's overrides; the text colour picked when not set. */
export function widgetView(
  tenantSettings: Record<string, unknown>,
  site: SiteSettings,
  now = new Date(),
  agentsAvailable = true,
): WidgetView {
  const tenant = (tenantSettings.widget ?? {}) as Partial<WidgetView>;
  const color = site.color ?? tenant.color ?? BASE.color;
  return {
    title: site.title ?? tenant.title ?? BASE.title,
    greeting: site.greeting ?? tenant.greeting ?? BASE.greeting,
    color,
    textColor: site.textColor ?? readableTextOn(color),
    position: site.position ?? tenant.position ?? BASE.position,
    replyTime: site.replyTime ?? 'hours',
    // Away out of hours, and whenever no agent is available.
    open: agentsAvailable && (site.officeHours ? isOpen(site.officeHours, now) : true),
    preChat: site.preChat ?? { name: 'off', email: 'off' },
    uploads: attachmentLimits(tenantSettings),
  };
}

/**
 * `GET|PUT /api/v1/channels/site-keys/:key/widget`: a site key's widget settings (admins change
 * them). The answer has the site's overrides, the tenant's values beneath them, and the result.
 */
export function registerSiteSettingsRoutes(
  routes: PluginRoutes,
  deps: { db: Knex; settingsFor(tenantId: string): Promise<Record<string, unknown>> },
): void {
  const params = { type: 'object', required: ['key'], properties: { key: { type: 'string', pattern: '^[A-Za-z0-9_-]{4,100}$' } } };
  const answer = async (tenantId: string, key: string) => {
    const tenantSettings = await deps.settingsFor(tenantId);
    const overrides = await readSiteSettings(deps.db, tenantId, key);
    return { overrides, inherited: widgetView(tenantSettings, {}), effective: widgetView(tenantSettings, overrides) };
  };
  routes.get('/site-keys/:key/widget', {
    auth: 'agent',
    summary: "A site key's widget settings: its overrides, the tenant's values, and the result",
    tags: ['channels'],
    schema: { params },
    handler: async (http) => answer(http.state.tenantId!, http.params.key!),
  });
  routes.put('/site-keys/:key/widget', {
    auth: 'admin',
    summary: "Replace a site key's widget overrides (a colour whose text is below WCAG AA is refused)",
    tags: ['channels'],
    schema: { params, body: siteSettingsSchema },
    handler: async (http) => {
      const tenantId = http.state.tenantId!;
      const s = http.request.body as SiteSettings;
      checkSiteSettings(s, ((await deps.settingsFor(tenantId)).widget ?? {}) as Record<string, unknown>);
      await deps
        .db(TABLE)
        .insert({ tenant_id: tenantId, site_key: http.params.key!, settings: JSON.stringify(s), updated_at: deps.db.fn.now() })
        .onConflict(['tenant_id', 'site_key'])
        .merge(['settings', 'updated_at']);
      return answer(tenantId, http.params.key!);
    },
  });
}
