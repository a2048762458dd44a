import { Counter, Histogram, type Registry } from 'prom-client';

export interface AiMetrics {
  drafts: Counter<'plugin' | 'kind' | 'provider' | 'outcome'>;
  tokens: Counter<'plugin' | 'provider' | 'model' | 'type'>;
  costUsd: Counter<'plugin' | 'provider' | 'model'>;
  latency: Histogram<'plugin' | 'kind' | 'provider'>;
  feedback: Counter<'plugin' | 'outcome'>;
}

/** The assist's metrics on the host registry, labelled with the plugin id. */
export function createAiMetrics(registry: Registry): AiMetrics {
  const registers = [registry];
  return {
    drafts: new Counter({
      name: 'bacon_ai_drafts_total',
      help: 'Drafts asked for, by kind (draft or suggestion), provider and outcome (ok or an error code)',
      labelNames: ['plugin', 'kind', 'provider', 'outcome'] as const,
      registers,
    }),
    tokens: new Counter({
      name: 'bacon_ai_tokens_total',
      help: 'Tokens the provider counted (or the assist estimated), by type (prompt or completion)',
      labelNames: ['plugin', 'provider', 'model', 'type'] as const,
      registers,
    }),
    costUsd: new Counter({
      name: 'bacon_ai_cost_usd_total',
      help: "Estimated cost of the drafts in US dollars, from the settings' prices per million tokens",
      labelNames: ['plugin', 'provider', 'model'] as const,
      registers,
    }),
    latency: new Histogram({
      name: 'bacon_ai_draft_duration_seconds',
      help: 'Time to make a draft: context, enrichers and the provider',
      labelNames: ['plugin', 'kind', 'provider'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64],
      registers,
    }),
    feedback: new Counter({
      name: 'bacon_ai_draft_feedback_total',
      help: 'Feedback on drafts, by outcome (accepted, edited, rejected)',
      labelNames: ['plugin', 'outcome'] as const,
      registers,
    }),
  };
}
