/**
 * Wakes sleeping consumer loops: `wait(ms)` resolves on the next `signal()` or after `ms`. A signal
 * that arrives while nobody waits is remembered, so a loop busy during a notification runs again.
 */
export class WakeSignal {
  private waiters = new Set<() => void>();
  private pending = false;

  signal(): void {
    if (!this.waiters.size) {
      this.pending = true;
      return;
    }
    for (const w of [...this.waiters]) w();
  }

  wait(ms: number): Promise<void> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }
}
