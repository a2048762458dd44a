/** One turn of the conversation as a provider sees it (already masked). */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  system: string;
  messages: ChatTurn[];
  maxTokens: number;
  temperature: number;
}

/** Tokens as the provider counted them (`estimated` when it did not say: about four characters a token). */
export interface Usage {
  promptTokens: number;
  completionTokens: number;
  estimated: boolean;
}

export interface ChatResult {
  text: string;
  usage: Usage;
}

/** A piece of a streamed answer: text, or the usage the provider reports at the end. */
export type StreamPart = { text: string } | { usage: Partial<Omit<Usage, 'estimated'>> };

/**
 * A chat model behind one interface. `stream` resolves once the provider accepted the request (its
 * HTTP errors are thrown before any text), then yields the answer's parts.
 */
export interface ChatProvider {
  readonly name: string;
  complete(req: ChatRequest, signal: AbortSignal): Promise<ChatResult>;
  stream(req: ChatRequest, signal: AbortSignal): Promise<AsyncIterable<StreamPart>>;
}

/** About four characters a token: the estimate when a provider reports no usage. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
