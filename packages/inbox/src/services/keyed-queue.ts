export interface KeyedQueue {
  /** Runs `fn` after every earlier task with the same key has settled (in this process). */
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

/**
 * One promise chain per key. Assignment uses it per tenant in front of the database's advisory lock,
 * so that a burst of claims waits in memory instead of holding pooled connections while it queues
 * for the lock (the lock still orders claims across hosts).
 */
export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, fn: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(fn, fn);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
