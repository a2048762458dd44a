/**
 * One environment variable the host reads, with its JSON schema and documentation.
 * `docs/configuration.md` is checked against the full list by a test, so the two cannot drift.
 */
export interface EnvVar {
  /** Environment variable name. */
  name: string;
  /** Key in the frozen Config object. */
  key: string;
  schema: Record<string, unknown>;
  doc: string;
}
