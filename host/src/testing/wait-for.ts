/**
 * Waits until `check` returns a truthy value (or a promise of one), polling every `everyMs`, and
 * answers it; throws naming `what` past the deadline. Tests wait on conditions, never fixed sleeps.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  opts: { what: string; timeoutMs?: number; everyMs?: number },
): Promise<NonNullable<T>> {
  const deadline = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what}`);
    await new Promise((r) => setTimeout(r, opts.everyMs ?? 10));
  }
}
