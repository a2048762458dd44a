import type { ApiClient } from '../api/api-client.js';
import { errorFromBody, networkError } from '../api/api-error.js';
import { t } from '../i18n/i18n.js';

/** One plugin enricher's part in a draft: it answered, or why it was skipped. */
export interface DraftPluginContext {
  pluginId: string;
  enricher: string;
  title: string;
  status: 'ok' | 'timeout' | 'breaker_open' | 'too_large' | 'failed';
  reason?: string;
  ms: number;
}

export interface DraftContext {
  messages: number;
  notes: number;
  notesIncluded: boolean;
  tags: string[];
  page?: string | null;
  plugins: DraftPluginContext[];
}

/** A draft as `POST /conversations/:id/draft` answers it (docs/ai-assist.md). */
export interface Draft {
  id: string;
  traceId: string;
  kind: 'draft' | 'suggestion';
  text: string;
  provider: string | null;
  model: string | null;
  source: { type: 'macro' | 'reply'; id: string; name?: string } | null;
  context: DraftContext;
}

export type DraftStart = Omit<Draft, 'text' | 'source'>;

export type FeedbackOutcome = 'accepted' | 'edited' | 'rejected';

/**
 * Asks for a draft as server-sent events (`context`, `delta`..., `done`), calling `onStart` and
 * `onText` (the whole text so far) as they come. When the stream cannot be read (an old proxy, no
 * streaming body) it falls back to the JSON route. API refusals (limits, budget) are thrown.
 */
export async function requestDraft(
  api: ApiClient,
  conversationId: string,
  on: { onStart(d: DraftStart): void; onText(text: string): void },
  signal?: AbortSignal,
): Promise<Draft> {
  const path = `/conversations/${encodeURIComponent(conversationId)}/draft`;
  const open = () =>
    fetch(`/api/v1${path}/stream`, {
      method: 'POST',
      headers: {
        Accept: 'text/event-stream',
        'Content-Type': 'application/json',
        ...(api.session.accessToken ? { Authorization: `Bearer ${api.session.accessToken}` } : {}),
      },
      body: '{}',
      credentials: 'same-origin',
      signal,
    });
  let res: Response;
  try {
    res = await open();
    if (res.status === 401 && (await api.session.refresh())) res = await open();
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw networkError(err);
  }
  const streamable = res.ok && res.body && (res.headers.get('content-type') ?? '').startsWith('text/event-stream');
  if (!streamable) {
    if (!res.ok && res.status !== 404 && res.status !== 415) {
      const text = await res.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      throw errorFromBody(res.status, body);
    }
    const draft = await api.post<Draft>(path, {});
    on.onStart(draft);
    on.onText(draft.text);
    return draft;
  }
  let text = '';
  for await (const ev of events(res.body!)) {
    const data = JSON.parse(ev.data);
    if (ev.event === 'context') on.onStart(data as DraftStart);
    else if (ev.event === 'delta') on.onText((text += (data as { text: string }).text));
    else if (ev.event === 'done') return data as Draft;
    else if (ev.event === 'error') throw errorFromBody(502, data);
  }
  throw errorFromBody(502, { error: { code: 'ai_provider_failed', message: t('ai.streamEnded') } });
}

export async function sendFeedback(api: ApiClient, draftId: string, outcome: FeedbackOutcome, editDistance?: number): Promise<void> {
  await api.post(`/drafts/${encodeURIComponent(draftId)}/feedback`, { outcome, ...(outcome === 'edited' ? { editDistance } : {}) });
}

async function* events(body: ReadableStream<Uint8Array>): AsyncGenerator<{ event: string; data: string }> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      if (data) yield { event, data };
    }
    if (done) return;
  }
}
