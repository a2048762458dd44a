/**
 * The next agent after `cursor` in the stable order of `agentIds` (sorted by id), skipping those not
 * `eligible`, wrapping around. Deterministic: the same inputs always pick the same agent.
 */
export function roundRobin(agentIds: readonly string[], cursor: string | null, eligible: (id: string) => boolean): string | undefined {
  const ordered = [...agentIds].sort();
  const start = cursor === null ? 0 : ordered.findIndex((id) => id > cursor);
  const from = start < 0 ? 0 : start;
  for (let i = 0; i < ordered.length; i++) {
    const id = ordered[(from + i) % ordered.length]!;
    if (eligible(id)) return id;
  }
  return undefined;
}
