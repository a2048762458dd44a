import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { AuthUser, PluginEnricherCalls, PluginLogger, PluginRateLimits } from '@bacon/sdk';
import { AiAssistErrors } from './errors.js';
import type { AiMetrics } from './ai-metrics.js';
import { contextSummary, lastContactMessage, readConversationContext, type ContextSummary } from './conversation-context.js';
import { insertDraft, monthWindow, tokensUsedSince } from './drafts-store.js';
import { offlineSuggestion, type Suggestion } from './offline-suggestion.js';
import { PiiVault } from './pii-vault.js';
import { buildPrompt } from './prompt.js';
import { estimateTokens, type ChatRequest, type StreamPart, type Usage } from './providers/provider.js';
import { providerFor, readSettings, type AssistSettings } from './settings.js';

/** The rate rules (`ai-assist.agent` per agent, `ai-assist.tenant` per workspace). */
export const AGENT_RATE = 'ai-assist.agent';
export const TENANT_RATE = 'ai-assist.tenant';

export interface DraftDeps {
  db: Knex;
  enrichers?: PluginEnricherCalls;
  limits: PluginRateLimits;
  metrics: AiMetrics;
  settingsFor(tenantId: string): Promise<Record<string, unknown>>;
  secretFor(tenantId: string, name: string): Promise<string | undefined>;
  log: PluginLogger;
}

export interface DraftInput {
  tenantId: string;
  user: AuthUser;
  conversationId: string;
  /** Overrides the tenant's `includeNotes` (only to leave notes out, or in when the settings allow). */
  includeNotes?: boolean;
  /** Only these plugins' enrichers. */
  plugins?: string[];
}

/** A draft as the API answers it. */
export interface DraftView {
  id: string;
  traceId: string;
  /** `draft`: a model wrote it; `suggestion`: the offline default picked a macro or past reply. */
  kind: 'draft' | 'suggestion';
  text: string;
  provider: string | null;
  model: string | null;
  source: Suggestion['source'];
  context: ContextSummary;
  usage: { promptTokens: number; completionTokens: number; estimated: boolean; costUsd: number; latencyMs: number };
  /** Personal data masked before the request left (restored in `text`). */
  maskedPii: number;
}

/** A draft whose provider accepted the request: its identity and context now, its text as it comes. */
export interface StartedDraft {
  id: string;
  traceId: string;
  kind: DraftView['kind'];
  provider: string | null;
  model: string | null;
  context: ContextSummary;
  /** The text (restored) piece by piece; returns the stored draft. */
  pieces: AsyncGenerator<string, DraftView>;
}

/**
 * Starts a draft: rate limits, the conversation's context and the plugins' enrichers, then either
 * the offline suggestion (no provider set) or the provider's answer. Everything that can be refused
 * (limits, budget, settings, the provider's HTTP errors) throws here, before any text.
 */
export async function startDraft(deps: DraftDeps, input: DraftInput, opts: { stream: boolean }): Promise<StartedDraft> {
  const t0 = performance.now();
  const traceId = randomUUID();
  const id = randomUUID();
  const log = deps.log.child({ traceId, conversationId: input.conversationId, draftId: id });
  await deps.limits.consume(TENANT_RATE, input.tenantId);
  await deps.limits.consume(AGENT_RATE, `${input.tenantId}:${input.user.id}`);
  const settings = readSettings(await deps.settingsFor(input.tenantId));
  const includeNotes = settings.includeNotes && input.includeNotes !== false;
  const providerName = settings.provider === 'none' ? 'offline' : settings.provider;
  const fail = (err: unknown) => {
    deps.metrics.drafts.inc({
      plugin: 'ai-assist',
      kind: settings.provider === 'none' ? 'suggestion' : 'draft',
      provider: providerName,
      outcome: code(err),
    });
    log.warn({ code: code(err), provider: providerName }, 'ai draft refused');
    return err;
  };
  try {
    const provider = providerFor(settings, settings.provider === 'none' ? undefined : await deps.secretFor(input.tenantId, 'apiKey'));
    if (provider) await checkBudget(deps.db, input.tenantId, settings);
    const ctx = await readConversationContext(deps.db, deps.enrichers, input.tenantId, input.conversationId, {
      includeNotes,
      budgetMs: settings.enricherBudgetMs,
      maxBytes: settings.enricherMaxBytes,
      plugins: input.plugins,
    });
    if (!ctx) throw AiAssistErrors.conversationNotFound(input.conversationId);
    const context = contextSummary(ctx);
    const base = { id, traceId, context };
    const store = async (row: Omit<DraftView, 'id' | 'traceId' | 'context' | 'usage'> & { usage: Usage }): Promise<DraftView> => {
      const latencyMs = Math.round(performance.now() - t0);
      const costUsd =
        (row.usage.promptTokens * settings.promptPricePerMillion + row.usage.completionTokens * settings.completionPricePerMillion) / 1e6;
      await insertDraft(deps.db, {
        id,
        tenantId: input.tenantId,
        conversationId: input.conversationId,
        agentId: input.user.id,
        traceId,
        kind: row.kind,
        provider: row.provider,
        model: row.model,
        text: row.text,
        source: row.source,
        context,
        promptTokens: row.usage.promptTokens,
        completionTokens: row.usage.completionTokens,
        tokensEstimated: row.usage.estimated,
        latencyMs,
        costUsd,
      });
      const labels = { plugin: 'ai-assist', provider: providerName, model: row.model ?? '' };
      deps.metrics.drafts.inc({ plugin: 'ai-assist', kind: row.kind, provider: providerName, outcome: 'ok' });
      deps.metrics.latency.observe({ plugin: 'ai-assist', kind: row.kind, provider: providerName }, latencyMs / 1000);
      if (row.kind === 'draft') {
        deps.metrics.tokens.inc({ ...labels, type: 'prompt' }, row.usage.promptTokens);
        deps.metrics.tokens.inc({ ...labels, type: 'completion' }, row.usage.completionTokens);
        deps.metrics.costUsd.inc(labels, costUsd);
      }
      log.info(
        { kind: row.kind, provider: providerName, model: row.model, ...row.usage, latencyMs, costUsd, maskedPii: row.maskedPii },
        'ai draft made',
      );
      const { estimated, ...tokens } = row.usage;
      return { ...base, ...row, usage: { ...tokens, estimated, costUsd, latencyMs } };
    };

    if (!provider) {
      const s = await offlineSuggestion(deps.db, input.tenantId, ctx, lastContactMessage(ctx), input.user);
      const view = () =>
        store({ kind: 'suggestion', text: s.text, provider: null, model: null, source: s.source, maskedPii: 0, usage: zeroUsage() });
      return { ...base, kind: 'suggestion', provider: null, model: null, pieces: once(s.text, view) };
    }

    const vault = new PiiVault(settings.piiPatterns);
    const request = buildPrompt(ctx, vault, settings);
    const signal = AbortSignal.timeout(settings.timeoutMs);
    const meta = { kind: 'draft' as const, provider: provider.name, model: settings.model!, source: null };
    if (!opts.stream) {
      const result = await provider.complete(request, signal);
      const text = vault.restore(result.text);
      return { ...base, ...meta, pieces: once(text, () => store({ ...meta, text, maskedPii: vault.size, usage: result.usage })) };
    }
    const parts = await provider.stream(request, signal);
    return {
      ...base,
      ...meta,
      pieces: streamed(parts, vault, request, (text, usage) => store({ ...meta, text, maskedPii: vault.size, usage }), fail),
    };
  } catch (err) {
    throw fail(err);
  }
}

/** Runs a started draft to its end (the non-streaming answer). */
export async function finishDraft(started: StartedDraft): Promise<DraftView> {
  for (;;) {
    const r = await started.pieces.next();
    if (r.done) return r.value;
  }
}

async function checkBudget(db: Knex, tenantId: string, settings: AssistSettings): Promise<void> {
  if (!settings.monthlyTokenBudget) return;
  const { start, end } = monthWindow();
  const used = await tokensUsedSince(db, tenantId, start);
  if (used >= settings.monthlyTokenBudget) throw AiAssistErrors.tokenBudgetSpent(used, settings.monthlyTokenBudget, end);
}

const zeroUsage = (): Usage => ({ promptTokens: 0, completionTokens: 0, estimated: false });

const code = (err: unknown) => String((err as { code?: string })?.code ?? 'error');

async function* once(text: string, done: () => Promise<DraftView>): AsyncGenerator<string, DraftView> {
  if (text) yield text;
  return done();
}

async function* streamed(
  parts: AsyncIterable<StreamPart>,
  vault: PiiVault,
  request: ChatRequest,
  done: (text: string, usage: Usage) => Promise<DraftView>,
  fail: (err: unknown) => unknown,
): AsyncGenerator<string, DraftView> {
  const restorer = vault.restorer();
  let masked = '';
  let text = '';
  const usage: Partial<Usage> = {};
  try {
    for await (const part of parts) {
      if ('text' in part) {
        masked += part.text;
        const out = restorer.push(part.text);
        text += out;
        if (out) yield out;
      } else {
        if (part.usage.promptTokens !== undefined) usage.promptTokens = part.usage.promptTokens;
        if (part.usage.completionTokens !== undefined) usage.completionTokens = part.usage.completionTokens;
      }
    }
  } catch (err) {
    throw fail(err);
  }
  const rest = restorer.flush();
  text += rest;
  if (rest) yield rest;
  const estimated = usage.promptTokens === undefined || usage.completionTokens === undefined;
  const promptChars = request.system + request.messages.map((m) => m.content).join('\n');
  return done(text, {
    promptTokens: usage.promptTokens ?? estimateTokens(promptChars),
    completionTokens: usage.completionTokens ?? estimateTokens(masked),
    estimated,
  });
}
