import type { JsonSchema, PiiPattern } from '@bacon/sdk';
import { AiAssistErrors } from './errors.js';
import { anthropic } from './providers/anthropic.js';
import { openAiCompatible } from './providers/openai-compatible.js';
import type { ChatProvider } from './providers/provider.js';

/** The plugin's settings (per tenant, over install level); `apiKey` is a secret, read apart. */
export const settingsSchema: JsonSchema = {
  type: 'object',
  properties: {
    provider: {
      type: 'string',
      enum: ['none', 'openai', 'anthropic'],
      default: 'none',
      title: 'Provider',
      description: '`none`: offline suggestions from macros and past replies; `openai`: any OpenAI-compatible server; `anthropic`.',
    },
    baseUrl: {
      type: 'string',
      format: 'uri',
      title: 'Base URL',
      description: 'Default https://api.openai.com/v1 or https://api.anthropic.com; e.g. http://localhost:11434/v1 for Ollama.',
    },
    model: { type: 'string', minLength: 1, maxLength: 200, title: 'Model' },
    apiKey: { type: 'string', title: 'API key', writeOnly: true, 'x-secret': true },
    keyHeader: { type: 'string', enum: ['bearer', 'api-key'], default: 'bearer', title: 'Key header (api-key for Azure OpenAI)' },
    apiVersion: { type: 'string', maxLength: 40, title: 'api-version (Azure OpenAI)' },
    maxTokens: { type: 'integer', minimum: 16, maximum: 4096, default: 400, title: 'Longest draft (tokens)' },
    temperature: { type: 'number', minimum: 0, maximum: 2, default: 0.3 },
    timeoutMs: { type: 'integer', minimum: 1000, maximum: 120000, default: 30000, title: 'Provider timeout (ms)' },
    instructions: { type: 'string', maxLength: 4000, title: 'House style for drafts (added to the system prompt)' },
    includeNotes: { type: 'boolean', default: true, title: 'Send private notes to the provider' },
    enricherBudgetMs: { type: 'integer', minimum: 100, maximum: 10000, default: 1500, title: 'Time budget per plugin enricher (ms)' },
    enricherMaxBytes: { type: 'integer', minimum: 256, maximum: 262144, default: 16384, title: 'Largest plugin context kept (bytes)' },
    monthlyTokenBudget: { type: 'integer', minimum: 0, default: 0, title: 'Tokens per month (0: no limit)' },
    promptPricePerMillion: { type: 'number', minimum: 0, default: 0, title: 'Price per million prompt tokens (USD)' },
    completionPricePerMillion: { type: 'number', minimum: 0, default: 0, title: 'Price per million completion tokens (USD)' },
    piiPatterns: {
      type: 'array',
      title: 'More patterns masked before anything leaves for the provider',
      maxItems: 20,
      items: {
        type: 'object',
        required: ['name', 'pattern'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', pattern: '^[a-z][a-z0-9_]{0,31}$' },
          pattern: { type: 'string', minLength: 1, maxLength: 200 },
          flags: { type: 'string', pattern: '^[imsu]*$' },
        },
      },
      default: [],
    },
  },
};

export interface AssistSettings {
  provider: 'none' | 'openai' | 'anthropic';
  baseUrl?: string;
  model?: string;
  keyHeader: 'bearer' | 'api-key';
  apiVersion?: string;
  maxTokens: number;
  temperature: number;
  timeoutMs: number;
  instructions?: string;
  includeNotes: boolean;
  enricherBudgetMs: number;
  enricherMaxBytes: number;
  monthlyTokenBudget: number;
  promptPricePerMillion: number;
  completionPricePerMillion: number;
  piiPatterns: PiiPattern[];
}

/** The merged settings with every default filled in (older rows may lack a field). */
export function readSettings(raw: Record<string, unknown>): AssistSettings {
  const num = (k: string, d: number) => (typeof raw[k] === 'number' ? (raw[k] as number) : d);
  const str = (k: string) => (typeof raw[k] === 'string' && raw[k] ? (raw[k] as string) : undefined);
  const provider = raw.provider === 'openai' || raw.provider === 'anthropic' ? raw.provider : 'none';
  return {
    provider,
    baseUrl: str('baseUrl'),
    model: str('model'),
    keyHeader: raw.keyHeader === 'api-key' ? 'api-key' : 'bearer',
    apiVersion: str('apiVersion'),
    maxTokens: num('maxTokens', 400),
    temperature: num('temperature', 0.3),
    timeoutMs: num('timeoutMs', 30000),
    instructions: str('instructions'),
    includeNotes: raw.includeNotes !== false,
    enricherBudgetMs: num('enricherBudgetMs', 1500),
    enricherMaxBytes: num('enricherMaxBytes', 16384),
    monthlyTokenBudget: num('monthlyTokenBudget', 0),
    promptPricePerMillion: num('promptPricePerMillion', 0),
    completionPricePerMillion: num('completionPricePerMillion', 0),
    piiPatterns: Array.isArray(raw.piiPatterns) ? (raw.piiPatterns as PiiPattern[]) : [],
  };
}

/** The provider the settings name (undefined for `none`); refuses settings that lack a model. */
export function providerFor(s: AssistSettings, apiKey: string | undefined): ChatProvider | undefined {
  if (s.provider === 'none') return undefined;
  if (!s.model) throw AiAssistErrors.providerNotConfigured('a model');
  if (s.provider === 'anthropic') {
    if (!apiKey && !s.baseUrl) throw AiAssistErrors.providerNotConfigured('an API key');
    return anthropic({ baseUrl: s.baseUrl ?? 'https://api.anthropic.com', model: s.model, apiKey, timeoutMs: s.timeoutMs });
  }
  return openAiCompatible({
    baseUrl: s.baseUrl ?? 'https://api.openai.com/v1',
    model: s.model,
    apiKey,
    keyHeader: s.keyHeader,
    apiVersion: s.apiVersion,
    timeoutMs: s.timeoutMs,
  });
}
