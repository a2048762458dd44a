import type { Logger } from '../logs/logger.js';
import { topicMatcher, type BusEvent, type BusHandler } from './event-bus.js';

interface Subscription {
  match: (topic: string) => boolean;
  handler: BusHandler;
}

/** Delivers events to this process's subscribers; a failing handler is logged, never fatal. */
export class LocalDispatch {
  private readonly subs = new Set<Subscription>();

  constructor(private readonly log: Logger) {}

  subscribe(pattern: string, handler: BusHandler): () => void {
    const sub = { match: topicMatcher(pattern), handler };
    this.subs.add(sub);
    return () => this.subs.delete(sub);
  }

  dispatch(event: BusEvent): void {
    for (const sub of this.subs) {
      if (!sub.match(event.topic)) continue;
      try {
        const r = sub.handler(event);
        if (r && typeof (r as Promise<void>).catch === 'function') {
          (r as Promise<void>).catch((err) => this.log.error({ err, topic: event.topic }, 'bus handler failed'));
        }
      } catch (err) {
        this.log.error({ err, topic: event.topic }, 'bus handler failed');
      }
    }
  }

  clear(): void {
    this.subs.clear();
  }
}
