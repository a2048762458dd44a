/** A reply waiting to be delivered. */
export interface OutboxItem {
  id: string;
  conversationId: string;
  body: string;
  /** Files already uploaded, sent with the reply. */
  attachments?: { name: string; contentType: string; size: number; url: string }[];
  createdAt: string;
  state: 'pending' | 'sending' | 'failed';
  error?: string;
}

export interface OutboxDelivery {
  /** Delivers one item; what it resolves with reaches `onDelivered` listeners. */
  send(item: OutboxItem): Promise<unknown>;
  /** True when the failure means "not reachable now" (keep it queued), false when the server refused. */
  isTransient(err: unknown): boolean;
  describe(err: unknown): string;
}

type Listener = (items: OutboxItem[]) => void;
type DeliveredListener = (item: OutboxItem, result: unknown) => void;

function newId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * Replies go through the outbox, online or not: each is saved to localStorage first, shown as
 * pending, and delivered strictly in the order typed. A delivery that cannot reach the server
 * stops the queue until `flush()` is called again (on reconnect); one the server refuses is marked
 * failed, shown, and skipped so later replies are not held hostage.
 */
export class Outbox {
  private items: OutboxItem[];
  private listeners = new Set<Listener>();
  private delivered = new Set<DeliveredListener>();
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly key: string,
    private readonly delivery: OutboxDelivery,
    private readonly storage: Storage = localStorage,
  ) {
    this.items = this.read().map((i) => (i.state === 'sending' ? { ...i, state: 'pending' } : i));
  }

  private read(): OutboxItem[] {
    try {
      const raw = this.storage.getItem(this.key);
      return raw ? (JSON.parse(raw) as OutboxItem[]) : [];
    } catch {
      return [];
    }
  }

  private save(): void {
    this.storage.setItem(this.key, JSON.stringify(this.items));
    const copy = [...this.items];
    this.listeners.forEach((fn) => fn(copy));
  }

  list(conversationId?: string): OutboxItem[] {
    return conversationId ? this.items.filter((i) => i.conversationId === conversationId) : [...this.items];
  }

  onChange(fn: Listener): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onDelivered(fn: DeliveredListener): () => void {
    this.delivered.add(fn);
    return () => this.delivered.delete(fn);
  }

  add(conversationId: string, body: string, attachments?: OutboxItem['attachments']): OutboxItem {
    const item: OutboxItem = { id: newId(), conversationId, body, createdAt: new Date().toISOString(), state: 'pending' };
    if (attachments?.length) item.attachments = attachments;
    this.items.push(item);
    this.save();
    return item;
  }

  retry(id: string): void {
    this.items = this.items.map((i) => (i.id === id ? { ...i, state: 'pending', error: undefined } : i));
    this.save();
  }

  discard(id: string): void {
    this.items = this.items.filter((i) => i.id !== id);
    this.save();
  }

  /** Delivers pending items in order; concurrent calls share one pass. */
  flush(): Promise<void> {
    this.flushing ??= this.deliverAll().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  private async deliverAll(): Promise<void> {
    for (;;) {
      const next = this.items.find((i) => i.state === 'pending');
      if (!next) return;
      this.update(next.id, { state: 'sending' });
      try {
        const result = await this.delivery.send(next);
        this.items = this.items.filter((i) => i.id !== next.id);
        this.save();
        this.delivered.forEach((fn) => fn(next, result));
      } catch (err) {
        if (this.delivery.isTransient(err)) {
          this.update(next.id, { state: 'pending' });
          return;
        }
        this.update(next.id, { state: 'failed', error: this.delivery.describe(err) });
      }
    }
  }

  private update(id: string, patch: Partial<OutboxItem>): void {
    this.items = this.items.map((i) => (i.id === id ? { ...i, ...patch } : i));
    this.save();
  }
}
