import type { Knex } from 'knex';

/**
 * The partitions of one consumer on this host (`consume(..., { partitions: N })`): each partition has
 * its own lease and cursor; this keeps every host to its fair share, ceil(N / live hosts), so several
 * hosts split one consumer's keys. Hosts announce themselves in `host_event_members` (seen within a
 * lease counts as live); a host above its share gives up its highest partition, one below takes free
 * or expired ones.
 */
export class PartitionGroup {
  readonly held = new Set<number>();
  private share: number;
  private beating?: Promise<void>;
  private lastBeat = 0;

  constructor(
    private readonly knex: Knex,
    readonly consumer: string,
    private readonly owner: string,
    readonly count: number,
    private readonly leaseMs: number,
    private readonly beatMs: number,
  ) {
    this.share = count;
  }

  /** Refreshes this host's membership and the share (at most once per `beatMs`, shared by the partitions). */
  beat(): Promise<void> {
    if (Date.now() - this.lastBeat < this.beatMs) return Promise.resolve();
    return (this.beating ??= this.refresh().finally(() => {
      this.beating = undefined;
    }));
  }

  private async refresh(): Promise<void> {
    const { knex } = this;
    await knex('host_event_members')
      .insert({ consumer: this.consumer, owner: this.owner, seen_at: knex.fn.now() })
      .onConflict(['consumer', 'owner'])
      .merge({ seen_at: knex.fn.now() });
    const row = await knex('host_event_members')
      .where({ consumer: this.consumer })
      .andWhere('seen_at', '>', knex.raw(`now() - ? * interval '1 millisecond'`, [this.leaseMs]))
      .count('* as n')
      .first();
    this.share = Math.ceil(this.count / Math.max(1, Number(row?.n ?? 1)));
    this.lastBeat = Date.now();
  }

  mayTake(): boolean {
    return this.held.size < this.share;
  }

  /** True for the partition this host should give back (its highest, while above its share). */
  mustRelease(index: number): boolean {
    return this.held.size > this.share && index === Math.max(...this.held);
  }

  async leave(): Promise<void> {
    await this.knex('host_event_members')
      .where({ consumer: this.consumer, owner: this.owner })
      .delete()
      .catch(() => undefined);
  }
}
