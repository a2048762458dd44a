import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError } from '../api/api-error.js';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): Promise<void>;
  /** Local edit of the loaded value (optimistic updates). */
  set(update: (prev: T | undefined) => T | undefined): void;
}

/** Loads once per `deps` change; keeps the last value while reloading. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [loading, setLoading] = useState(true);
  const latest = useRef(0);
  const run = useCallback(load, deps);
  const reload = useCallback(async () => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const value = await run();
      if (ticket === latest.current) {
        setData(value);
        setError(undefined);
      }
    } catch (err) {
      if (ticket === latest.current) setError(describeError(err));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, loading, reload, set: setData };
}
