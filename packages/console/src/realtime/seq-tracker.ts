/**
 * What this client has seen of each conversation: the highest sequence number (what `sync` and
 * `room:join` ask to continue from) and the recent events themselves. Several events may
 * share a sequence number (a message and the conversation update it causes), so an event is a
 * duplicate only when the same event key comes again (a live event also replayed after reconnect).
 */
export class SeqTracker {
  private last = new Map<string, number>();
  private seen = new Set<string>();

  constructor(private readonly remember = 5000) {}

  /** True the first time an event key shows up; records its sequence number. */
  accept(conversationId: string | undefined, seq: number | undefined, key?: string): boolean {
    if (!conversationId) return true;
    if (key) {
      const full = `${conversationId}|${key}`;
      if (this.seen.has(full)) return false;
      this.seen.add(full);
      if (this.seen.size > this.remember) this.seen.delete(this.seen.values().next().value!);
    }
    if (typeof seq === 'number') this.observe(conversationId, seq);
    return true;
  }

  /** Starts tracking from a known point (a transcript just loaded up to `seq`). */
  observe(conversationId: string, seq: number): void {
    if (seq > (this.last.get(conversationId) ?? 0)) this.last.set(conversationId, seq);
  }

  lastSeq(conversationId: string): number {
    return this.last.get(conversationId) ?? 0;
  }

  snapshot(only?: Iterable<string>): Record<string, number> {
    if (!only) return Object.fromEntries(this.last);
    return Object.fromEntries([...only].map((id) => [id, this.lastSeq(id)]));
  }
}
