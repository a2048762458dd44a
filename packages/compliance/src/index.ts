import { fileURLToPath } from 'node:url';
import { definePlugin } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import { TenantMaskers } from './tenant-maskers.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerContactRoutes } from './contact-routes.js';
import { registerRetentionRoutes } from './retention-routes.js';
import { RETENTION_QUEUE, retentionRowsCounter, runDailyRetention, type RetentionDeps } from './retention-policies.js';

/** A retention run a minute after boot starts (or joins) the daily chain. */
const BOOT_RETENTION_DELAY_SECONDS = 60;

export type { ComplianceSettings } from './compliance-settings.js';
export { CONTACT_ERASED } from './contact-erasure.js';
export type { ErasureReport, HolderAnswer } from './contact-erasure.js';
export { ComplianceErrorCatalog } from './errors.js';
export { applyRetention, previewRetention, runDailyRetention } from './retention-policies.js';
export type { RetentionPolicy, RetentionCount } from './retention-policies.js';

/**
 * The first-party compliance plugin. It fills the inbox's redaction hook with the SDK's PII masker:
 * inbound texts are masked before they are stored when the tenant turned on `maskAtIngest`, and
 * transcript exports when it turned on `maskExports`, with the tenant's own patterns beside the
 * built-in kinds. Its settings live at `/api/v1/compliance/settings`; every change is audited.
 * `GET /api/v1/contacts/:id/export` bundles what every personal data holder keeps about a contact.
 */
export default definePlugin({
  id: 'compliance',
  version: '0.1.0',
  title: 'Compliance',
  description: 'PII masking at ingest and in exports, with each tenant’s own patterns; GDPR export of a contact.',
  engines: { sdk: '^1' },
  dependencies: { inbox: '*' },
  http: { prefix: '' },
  services: ['audit', 'personalData'],
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  async init(ctx) {
    const maskers = new TenantMaskers(ctx.db, ctx.bus);
    const inbox = ctx.use<Pick<InboxApi, 'redaction'>>('inbox');
    inbox.redaction.register(async (text, { tenantId, purpose }) => {
      const { settings, masker } = await maskers.get(tenantId);
      const on = purpose === 'ingest' ? settings.maskAtIngest : settings.maskExports;
      return on ? masker.mask(text) : text;
    });
    registerSettingsRoutes(ctx.routes, { db: ctx.db, audit: ctx.services.audit, maskers });
    registerContactRoutes(ctx.routes, {
      db: ctx.db,
      personalData: ctx.services.personalData,
      audit: ctx.services.audit,
      maskers,
      events: ctx.events,
      bus: ctx.bus,
    });
    const retention: RetentionDeps = {
      db: ctx.db,
      targets: () => ctx.services.personalData.retentionTargets(),
      rows: retentionRowsCounter(ctx.metrics),
      jobs: ctx.jobs,
      log: ctx.log,
    };
    registerRetentionRoutes(ctx.routes, { ...retention, audit: ctx.services.audit });
    await ctx.jobs.work(RETENTION_QUEUE, async () => {
      await runDailyRetention(retention);
    });
    await ctx.jobs.send(RETENTION_QUEUE, {}, { startAfter: BOOT_RETENTION_DELAY_SECONDS, singletonKey: 'retention:boot' });
  },
});
