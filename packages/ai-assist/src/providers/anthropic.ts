import { fetchFailure, providerFetch, streamBroken } from './provider-fetch.js';
import type { ChatProvider, ChatRequest, StreamPart } from './provider.js';
import { sseEvents } from './sse-events.js';

export interface AnthropicConfig {
  /** `https://api.anthropic.com` (or a gateway speaking the same API). */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
}

/** The API version header every Messages request carries. */
export const ANTHROPIC_VERSION = '2023-06-01';

interface MessageBody {
  content?: { type: string; text?: string }[];
  usage?: { input_tokens?: number; output_tokens?: number };
}

interface StreamEvent {
  type: string;
  message?: MessageBody;
  delta?: { type?: string; text?: string };
  usage?: { input_tokens?: number; output_tokens?: number };
  error?: { type?: string; message?: string };
}

/**
 * Anthropic's Messages API (`POST {baseUrl}/v1/messages`, `x-api-key`, `anthropic-version`). A
 * stream is `message_start` (input tokens), `content_block_delta` with `text_delta`s,
 * `message_delta` (output tokens), `message_stop`; an `error` event breaks it off.
 */
export function anthropic(cfg: AnthropicConfig): ChatProvider {
  const name = 'anthropic';
  const url = `${cfg.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '')}/v1/messages`;
  const headers: Record<string, string> = { 'content-type': 'application/json', 'anthropic-version': ANTHROPIC_VERSION };
  if (cfg.apiKey) headers['x-api-key'] = cfg.apiKey;
  const body = (req: ChatRequest, stream: boolean) =>
    JSON.stringify({
      model: cfg.model,
      system: req.system,
      messages: req.messages,
      max_tokens: req.maxTokens,
      temperature: req.temperature,
      ...(stream ? { stream: true } : {}),
    });

  return {
    name,
    async complete(req, signal) {
      const res = await providerFetch(name, url, { method: 'POST', headers, body: body(req, false) }, signal, cfg.timeoutMs);
      let json: MessageBody;
      try {
        json = (await res.json()) as MessageBody;
      } catch (err) {
        throw fetchFailure(name, url, err, signal, cfg.timeoutMs);
      }
      const text = (json.content ?? [])
        .filter((b) => b.type === 'text')
        .map((b) => b.text ?? '')
        .join('');
      return {
        text,
        usage: { promptTokens: json.usage?.input_tokens ?? 0, completionTokens: json.usage?.output_tokens ?? 0, estimated: !json.usage },
      };
    },
    async stream(req, signal) {
      const res = await providerFetch(name, url, { method: 'POST', headers, body: body(req, true) }, signal, cfg.timeoutMs);
      return (async function* (): AsyncGenerator<StreamPart> {
        try {
          for await (const ev of sseEvents(res.body!)) {
            const e = JSON.parse(ev.data) as StreamEvent;
            if (e.type === 'message_start' && e.message?.usage) yield { usage: { promptTokens: e.message.usage.input_tokens } };
            else if (e.type === 'content_block_delta' && e.delta?.type === 'text_delta' && e.delta.text) yield { text: e.delta.text };
            else if (e.type === 'message_delta' && e.usage) yield { usage: { completionTokens: e.usage.output_tokens } };
            else if (e.type === 'error') throw new Error(`${e.error?.type ?? 'error'}: ${e.error?.message ?? ''}`);
            else if (e.type === 'message_stop') return;
          }
        } catch (err) {
          throw signal.aborted ? fetchFailure(name, url, err, signal, cfg.timeoutMs) : streamBroken(name, err);
        }
      })();
    },
  };
}
