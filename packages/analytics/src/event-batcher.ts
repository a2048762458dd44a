import type { DurableEvent } from '@bacon/sdk';

interface Waiting {
  event: DurableEvent;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Groups the deliveries a durable consumer makes at the same time (one per key, up to its
 * concurrency) into batches applied in one transaction each. `add` resolves once the event's batch
 * committed, so the consumer moves its cursor only past applied events. Batches run one after the
 * other; a batch that fails is retried event by event, so an event that cannot be applied fails alone
 * (and is retried, then parked, by the consumer) while its neighbours are applied.
 */
export class EventBatcher {
  private readonly waiting: Waiting[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly apply: (events: DurableEvent[]) => Promise<void>,
    private readonly maxBatch = 500,
  ) {}

  add(event: DurableEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ event, resolve, reject });
      this.running ??= this.drain().finally(() => (this.running = undefined));
    });
  }

  private async drain(): Promise<void> {
    for (;;) {
      // One turn of the event loop: the deliveries started together (and those released by the last batch) join.
      await new Promise((r) => setImmediate(r));
      if (!this.waiting.length) return;
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        await this.apply(batch.map((w) => w.event));
        for (const w of batch) w.resolve();
      } catch {
        for (const w of batch) await this.apply([w.event]).then(w.resolve, w.reject);
      }
    }
  }
}
