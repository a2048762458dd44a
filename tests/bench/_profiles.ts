// `--profile small|medium|large`: how big each benchmark runs. Each benchmark reads its sizes from
// environment variables (BENCH_*); a profile fills in the ones not already set. `medium` is the
// size every figure in the docs was measured at (each benchmark's own defaults); `small` runs in
// seconds (the CI's smoke stage: it proves the benchmark still works, its figures mean little);
// `large` is a longer, heavier run for a quiet machine.
export const PROFILES = ['small', 'medium', 'large'] as const;
export type Profile = (typeof PROFILES)[number];

const SIZES: Record<string, Partial<Record<Profile, Record<string, string>>>> = {
  analytics: {
    small: { BENCH_CONVERSATIONS: '2000', BENCH_BACKLOG_CONVERSATIONS: '100', BENCH_RUNS: '3' },
    large: { BENCH_CONVERSATIONS: '300000', BENCH_BACKLOG_CONVERSATIONS: '5000', BENCH_RUNS: '50' },
  },
  assignment: { small: { BENCH_CLAIMS: '100' }, large: { BENCH_CLAIMS: '5000' } },
  channels: {
    small: { BENCH_SECONDS: '3', BENCH_CONCURRENCY: '4', BENCH_CONTACTS: '20' },
    large: { BENCH_SECONDS: '30', BENCH_CONCURRENCY: '64', BENCH_CONTACTS: '2000' },
  },
  boot: { small: { BENCH_RUNS: '1' }, large: { BENCH_RUNS: '10' } },
  console: { small: { BENCH_CONVERSATIONS: '100', BENCH_RUNS: '1' }, large: { BENCH_CONVERSATIONS: '20000', BENCH_RUNS: '10' } },
  events: {
    small: { BENCH_EVENTS_IDLE: '30', BENCH_EVENTS_DRAIN: '1000', BENCH_SECONDS: '2' },
    large: { BENCH_EVENTS_IDLE: '1000', BENCH_EVENTS_DRAIN: '100000', BENCH_SECONDS: '30' },
  },
  fanout: { small: { BENCH_SOCKETS: '200' }, large: { BENCH_SOCKETS: '20000' } },
  ingest: {
    small: { BENCH_SECONDS: '2', BENCH_CONCURRENCY: '4', BENCH_VISITORS: '40', BENCH_PGBENCH_SECONDS: '2' },
    large: { BENCH_SECONDS: '30', BENCH_CONCURRENCY: '8,32,128', BENCH_VISITORS: '3000', BENCH_PGBENCH_SECONDS: '30' },
  },
  sandbox: { small: { BENCH_CALLS: '300' }, large: { BENCH_CALLS: '20000' } },
  search: { small: { BENCH_MESSAGES: '5000', BENCH_SEARCHES: '20' }, large: { BENCH_MESSAGES: '1000000', BENCH_SEARCHES: '500' } },
  transcript: { small: { BENCH_MESSAGES: '2000', BENCH_FETCHES: '50' }, large: { BENCH_MESSAGES: '1000000', BENCH_FETCHES: '2000' } },
};

/** The sizes `profile` gives benchmark `name` (what is already in the environment wins). */
export function profileEnv(name: string, profile: Profile): Record<string, string> {
  return { BENCH_PROFILE: profile, ...(SIZES[name]?.[profile] ?? {}) };
}

/** Reads `--profile X` (or `--profile=X`) from argv; `medium` when absent, an error message when unknown. */
export function profileArg(argv: string[]): Profile | { error: string } {
  const i = argv.findIndex((a) => a === '--profile' || a.startsWith('--profile='));
  if (i < 0) return 'medium';
  const value = argv[i]!.includes('=') ? argv[i]!.split('=')[1] : argv[i + 1];
  return (PROFILES as readonly string[]).includes(value ?? '')
    ? (value as Profile)
    : { error: `--profile must be one of ${PROFILES.join(', ')} (got ${value ?? 'nothing'})` };
}
