import { definePlugin } from '@bacon/sdk';
import { fileURLToPath } from 'node:url';
import { createAiMetrics } from './ai-metrics.js';
import { AGENT_RATE, TENANT_RATE } from './make-draft.js';
import { registerRoutes } from './routes.js';
import { aiAssistPersonalData, aiDraftsRetention } from './personal-data.js';
import { providerFor, readSettings, settingsSchema } from './settings.js';

export { FEEDBACK_TOPIC, type DraftFeedbackEvent } from './record-feedback.js';
export type { DraftView } from './make-draft.js';
export { TRACE_HEADER } from './routes.js';
export { PiiVault } from './pii-vault.js';

export interface AiAssistOptions {
  /** Drafts per agent (default 20 a minute) and per workspace (default 300 a minute). */
  agentRate?: { points: number; duration: number };
  tenantRate?: { points: number; duration: number };
}

/**
 * AI assist: draft replies from the whole conversation plus plugin context, from any
 * OpenAI-compatible server or Anthropic, with personal data masked on the way out and restored on
 * the way back; an offline suggestion (a macro or a past reply) when no provider is set. See
 * docs/ai-assist.md.
 */
export function aiAssistPlugin(opts: AiAssistOptions = {}) {
  return definePlugin({
    id: 'ai-assist',
    version: '0.1.0',
    title: 'AI assist',
    description: 'Draft replies from the conversation and plugin context, from any provider or offline.',
    engines: { sdk: '^1' },
    dependencies: { inbox: '^0.1.0' },
    http: { prefix: '' },
    services: ['rateLimits', 'pluginEnrichers', 'personalData'],
    capabilities: [{ name: 'secrets', reason: "The provider's API key." }],
    settings: { schema: settingsSchema },
    migrations: fileURLToPath(new URL('../migrations', import.meta.url)),
    async testConnection(ctx) {
      const settings = readSettings(ctx.settings);
      const provider = providerFor(settings, await ctx.secrets.get('apiKey'));
      if (!provider) return { ok: true, detail: 'No provider set: drafts are offline suggestions.' };
      const res = await provider.complete(
        { system: 'Answer with the single word: ok', messages: [{ role: 'user', content: 'ping' }], maxTokens: 16, temperature: 0 },
        AbortSignal.timeout(settings.timeoutMs),
      );
      return {
        ok: true,
        detail: `${provider.name} ${settings.model} answered (${res.usage.promptTokens + res.usage.completionTokens} tokens).`,
      };
    },
    init(ctx) {
      ctx.services.personalData.register(aiAssistPersonalData(ctx.db));
      ctx.services.personalData.addRetentionTarget(aiDraftsRetention(ctx.db));
      const limits = ctx.services.rateLimits;
      limits.define(AGENT_RATE, opts.agentRate ?? { points: 20, duration: 60 });
      limits.define(TENANT_RATE, opts.tenantRate ?? { points: 300, duration: 60 });
      registerRoutes(ctx.routes, {
        db: ctx.db,
        enrichers: ctx.services.pluginEnrichers,
        limits,
        metrics: createAiMetrics(ctx.metrics),
        events: ctx.events,
        settingsFor: (tenantId) => ctx.settingsFor(tenantId),
        secretFor: (tenantId, name) => ctx.secretFor(tenantId, name),
        log: ctx.log,
      });
    },
  });
}

export default aiAssistPlugin();
