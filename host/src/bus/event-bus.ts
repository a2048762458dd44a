/** An event on the bus. `topic` is dotted (`message.created`); `tenantId` scopes every event. */
export interface BusEvent<T = unknown> {
  topic: string;
  tenantId?: string;
  payload: T;
  /** Per-conversation sequence number, when the event belongs to a conversation. */
  seq?: number;
  /** Set by the bus: the node that published it and when. */
  origin?: string;
  at?: string;
}

export type BusHandler = (event: BusEvent) => void | Promise<void>;

export interface BusStatus {
  kind: 'memory' | 'redis';
  ok: boolean;
  detail?: string;
}

/**
 * Publish/subscribe between the parts of one host, and between hosts when Redis is configured.
 * Delivery is at-most-once: the database is the source of truth, the bus only says "look".
 * Patterns are topics where `*` matches any run of characters (`conversation.*`, `*`).
 */
export interface EventBus {
  readonly nodeId: string;
  publish(event: BusEvent): Promise<void>;
  /** Subscribes to topics matching `pattern` (`*` is a wildcard); returns an unsubscribe function. */
  subscribe(pattern: string, handler: BusHandler): () => void;
  status(): Promise<BusStatus>;
  close(): Promise<void>;
}

export function topicMatcher(pattern: string): (topic: string) => boolean {
  if (!pattern.includes('*')) return (t) => t === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return (t) => re.test(t);
}
