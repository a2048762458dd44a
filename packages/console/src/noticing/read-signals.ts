type ReadListener = (conversationId: string) => void;

/**
 * "I read this conversation": the open conversation says so after its read marker moved, and the
 * list (its unread badge) and the tab title (its counter) hear it without asking the server again.
 */
export class ReadSignals {
  private listeners = new Set<ReadListener>();

  emit(conversationId: string): void {
    this.listeners.forEach((fn) => fn(conversationId));
  }

  on(fn: ReadListener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}
