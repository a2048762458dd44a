import { fileURLToPath } from 'node:url';
import { definePlugin } from '@bacon/sdk';
import type { InboxApi } from '@bacon/inbox-contract';
import { TenantMaskers } from './tenant-maskers.js';
import { registerSettingsRoutes } from './settings-routes.js';

export type { ComplianceSettings } from './compliance-settings.js';

/**
 * The first-party compliance plugin. It fills the inbox's redaction hook with the SDK's PII masker:
 * inbound texts are masked before they are stored when the tenant turned on `maskAtIngest`, and
 * transcript exports when it turned on `maskExports`, with the tenant's own patterns beside the
 * built-in kinds. Its settings live at `/api/v1/compliance/settings`; every change is audited.
 */
export default definePlugin({
  id: 'compliance',
  version: '0.1.0',
  title: 'Compliance',
  description: 'PII masking at ingest and in exports, with each tenant’s own patterns.',
  engines: { sdk: '^1' },
  dependencies: { inbox: '*' },
  http: { prefix: '' },
  services: ['audit'],
  migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
  init(ctx) {
    const maskers = new TenantMaskers(ctx.db, ctx.bus);
    const inbox = ctx.use<Pick<InboxApi, 'redaction'>>('inbox');
    inbox.redaction.register(async (text, { tenantId, purpose }) => {
      const { settings, masker } = await maskers.get(tenantId);
      const on = purpose === 'ingest' ? settings.maskAtIngest : settings.maskExports;
      return on ? masker.mask(text) : text;
    });
    registerSettingsRoutes(ctx.routes, { db: ctx.db, audit: ctx.services.audit, maskers });
  },
});
