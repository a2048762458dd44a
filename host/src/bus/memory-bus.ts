import { randomUUID } from 'node:crypto';
import type { Logger } from '../logs/logger.js';
import type { BusEvent, BusHandler, BusStatus, EventBus } from './event-bus.js';
import { LocalDispatch } from './local-dispatch.js';

/** The embedded default: events stay in this process. */
export class MemoryBus implements EventBus {
  readonly nodeId = randomUUID();
  private readonly local: LocalDispatch;

  constructor(log: Logger) {
    this.local = new LocalDispatch(log);
  }

  async publish(event: BusEvent): Promise<void> {
    this.local.dispatch({ ...event, origin: this.nodeId, at: event.at ?? new Date().toISOString() });
  }

  subscribe(pattern: string, handler: BusHandler): () => void {
    return this.local.subscribe(pattern, handler);
  }

  async status(): Promise<BusStatus> {
    return { kind: 'memory', ok: true };
  }

  async close(): Promise<void> {
    this.local.clear();
  }
}
