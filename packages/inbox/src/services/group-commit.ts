import type { Knex } from 'knex';

/** A write of ONE statement: correct alone (its own transaction) and inside a shared one. */
export type SingleStatementWrite<T> = (db: Knex) => Promise<T>;

export interface GroupCommitOptions {
  /** At most this many writes share a transaction. */
  maxBatch?: number;
  /** At most this many writes or batches run at once (each holds a connection); the rest wait and form the next batch. */
  maxInFlight?: number;
  /** Told of each batch that ran (its size) and whether it fell back to single writes. */
  onBatch?: (size: number, fellBack: boolean) => void;
}

interface Pending {
  key: string;
  write: SingleStatementWrite<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Group commit for one-statement writes (the message path's appends), adaptive: a write that finds
 * one of `maxInFlight` slots free runs at once, alone, as it is (no transaction around it, no added
 * round trip or wait). Only when every slot is busy do writes queue, and the queue goes as ONE batch
 * in one transaction when a slot frees, so under saturation concurrent messages share a commit (one
 * WAL flush, one connection) instead of queueing for connections one by one.
 *
 * - A write's promise settles only after its transaction committed (acknowledged after commit).
 * - One failing write never fails its neighbours: the batch rolls back (nothing of it is stored)
 *   and every write of it runs again alone, each settling with its own result or error. The same
 *   happens when two batches deadlock.
 * - A batch whose COMMIT itself fails fails each of its writes, as that write would have failed alone
 *   (whether a failed COMMIT took effect is unknown; running the writes again could store them twice).
 * - Within a batch, writes run ordered by `key` (a stable sort: one conversation's writes keep their
 *   order), so two batches lock the same rows in the same order.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  /** Keys of the writes in flight. */
  private readonly busy = new Set<string>();
  private readonly maxBatch: number;
  private readonly maxInFlight: number;

  constructor(
    private readonly db: Knex,
    private readonly opts: GroupCommitOptions = {},
  ) {
    this.maxBatch = opts.maxBatch ?? 64;
    this.maxInFlight = opts.maxInFlight ?? 4;
  }

  /** Runs `write` alone or in a shared transaction; resolves with its result once committed. */
  run<T>(key: string, write: SingleStatementWrite<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ key, write, resolve: resolve as (v: unknown) => void, reject });
      this.drain();
    });
  }

  /**
   * Starts batches while slots are free: a write that finds a free slot goes at once, alone. A write
   * whose key (its conversation) is in a batch in flight waits for that batch: concurrent batches of
   * one host never queue on each other's row locks (a batch holds them until its commit), and one
   * conversation's writes keep their order.
   */
  private drain(): void {
    while (this.queue.length && this.inFlight < this.maxInFlight) {
      const batch: Pending[] = [];
      const keys = new Set<string>();
      const rest: Pending[] = [];
      for (const p of this.queue) {
        if (batch.length < this.maxBatch && !this.busy.has(p.key)) {
          batch.push(p);
          keys.add(p.key);
        } else rest.push(p);
      }
      if (!batch.length) return;
      this.queue.splice(0, this.queue.length, ...rest);
      for (const k of keys) this.busy.add(k);
      this.inFlight++;
      void this.commit(batch).finally(() => {
        for (const k of keys) this.busy.delete(k);
        this.inFlight--;
        this.drain();
      });
    }
  }

  private async commit(batch: Pending[]): Promise<void> {
    if (batch.length === 1) {
      await runAlone(this.db, batch[0]!);
      return;
    }
    const ordered = [...batch].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const progress = { committing: false };
    let results: unknown[];
    try {
      results = await this.db.transaction(async (trx) => {
        const out: unknown[] = [];
        for (const p of ordered) out.push(await p.write(trx));
        progress.committing = true; // every write went through: what fails now is the COMMIT
        return out;
      });
    } catch (err) {
      if (progress.committing) {
        this.opts.onBatch?.(batch.length, false);
        for (const p of batch) p.reject(err);
        return;
      }
      this.opts.onBatch?.(batch.length, true);
      await Promise.all(batch.map((p) => runAlone(this.db, p)));
      return;
    }
    this.opts.onBatch?.(batch.length, false);
    ordered.forEach((p, i) => p.resolve(results[i]));
  }
}

async function runAlone(db: Knex, p: Pending): Promise<void> {
  try {
    p.resolve(await p.write(db));
  } catch (err) {
    p.reject(err);
  }
}
