/** Numbered steps with their time: `[2/5] Installing dependencies... done in 41.2 s`. */
export class Progress {
  private n = 0;
  constructor(
    private readonly total: number,
    private readonly write: (text: string) => void = (t) => process.stdout.write(t),
  ) {}

  async step<T>(label: string, work: () => Promise<T>): Promise<T> {
    this.n++;
    const started = Date.now();
    this.write(`[${this.n}/${this.total}] ${label}...\n`);
    const ticker = setInterval(() => this.write(`      still ${label.toLowerCase()} (${this.seconds(started)})\n`), 15_000);
    try {
      const value = await work();
      this.write(`      done in ${this.seconds(started)}\n`);
      return value;
    } catch (err) {
      this.write(`      failed after ${this.seconds(started)}\n`);
      throw err;
    } finally {
      clearInterval(ticker);
    }
  }

  private seconds(since: number): string {
    return `${((Date.now() - since) / 1000).toFixed(1)} s`;
  }
}
