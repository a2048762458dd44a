import { fetchFailure, providerFetch, streamBroken } from './provider-fetch.js';
import { estimateTokens, type ChatProvider, type ChatRequest, type StreamPart } from './provider.js';
import { sseEvents } from './sse-events.js';

export interface OpenAiCompatibleConfig {
  /** Up to the version segment: `https://api.openai.com/v1`, `http://localhost:11434/v1`, `https://openrouter.ai/api/v1`. */
  baseUrl: string;
  model: string;
  apiKey?: string;
  /** `bearer` (Authorization: Bearer, most servers) or `api-key` (Azure OpenAI's header). */
  keyHeader?: 'bearer' | 'api-key';
  /** Azure OpenAI's `api-version` query parameter. */
  apiVersion?: string;
  timeoutMs: number;
}

interface Completion {
  choices?: { message?: { content?: string | null } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

interface Chunk {
  choices?: { delta?: { content?: string | null } }[] | null;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/**
 * The chat completions API (`POST {baseUrl}/chat/completions`) that OpenAI, Azure OpenAI, Ollama,
 * vLLM, LM Studio and OpenRouter all speak. Streaming asks for the usage chunk
 * (`stream_options.include_usage`); servers that leave it out get an estimate.
 */
export function openAiCompatible(cfg: OpenAiCompatibleConfig): ChatProvider {
  const name = 'openai';
  const url = `${cfg.baseUrl.replace(/\/+$/, '')}/chat/completions${cfg.apiVersion ? `?api-version=${encodeURIComponent(cfg.apiVersion)}` : ''}`;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (cfg.apiKey) {
    if (cfg.keyHeader === 'api-key') headers['api-key'] = cfg.apiKey;
    else headers.authorization = `Bearer ${cfg.apiKey}`;
  }
  const body = (req: ChatRequest, stream: boolean) =>
    JSON.stringify({
      model: cfg.model,
      messages: [{ role: 'system', content: req.system }, ...req.messages],
      max_tokens: req.maxTokens,
      temperature: req.temperature,
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    });
  const promptChars = (req: ChatRequest) => req.system + req.messages.map((m) => m.content).join('\n');

  return {
    name,
    async complete(req, signal) {
      const res = await providerFetch(name, url, { method: 'POST', headers, body: body(req, false) }, signal, cfg.timeoutMs);
      let json: Completion;
      try {
        json = (await res.json()) as Completion;
      } catch (err) {
        throw fetchFailure(name, url, err, signal, cfg.timeoutMs);
      }
      const text = json.choices?.[0]?.message?.content ?? '';
      const u = json.usage;
      return {
        text,
        usage:
          u?.prompt_tokens !== undefined && u.completion_tokens !== undefined
            ? { promptTokens: u.prompt_tokens, completionTokens: u.completion_tokens, estimated: false }
            : { promptTokens: estimateTokens(promptChars(req)), completionTokens: estimateTokens(text), estimated: true },
      };
    },
    async stream(req, signal) {
      const res = await providerFetch(name, url, { method: 'POST', headers, body: body(req, true) }, signal, cfg.timeoutMs);
      return (async function* (): AsyncGenerator<StreamPart> {
        try {
          for await (const ev of sseEvents(res.body!)) {
            if (ev.data === '[DONE]') return;
            const chunk = JSON.parse(ev.data) as Chunk & { error?: { message?: string } };
            if (chunk.error) throw new Error(chunk.error.message ?? 'stream error');
            const text = chunk.choices?.[0]?.delta?.content;
            if (text) yield { text };
            if (chunk.usage) yield { usage: { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens } };
          }
        } catch (err) {
          throw signal.aborted ? fetchFailure(name, url, err, signal, cfg.timeoutMs) : streamBroken(name, err);
        }
      })();
    },
  };
}
