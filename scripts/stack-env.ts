// Compose's variable interpolation and .env parsing, enough to check docker-compose.yml without an engine:
// `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?message}`, `${VAR?message}`, `$VAR` and `$$`.

/** Parses a .env file: `NAME=value` lines; comments and blank lines skipped; quotes around a value removed. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq < 1) throw new Error(`not a NAME=value line: ${line}`);
    out[line.slice(0, eq).trim()] = line
      .slice(eq + 1)
      .trim()
      .replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Interpolates one string as compose does; a `:?`/`?` variable that is missing throws its message. */
export function interpolate(text: string, env: Record<string, string | undefined>): string {
  return text.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, name, op, arg, bare) => {
    if (all === '$$') return '$';
    if (bare) return env[bare] ?? '';
    const value = env[name];
    const unset = value === undefined || (op?.startsWith(':') && value === '');
    if (!op) return value ?? '';
    if (op.endsWith('-')) return unset ? arg : (value as string);
    if (unset) throw new Error(`${name}: ${arg || 'required'}`);
    return value as string;
  });
}

/** Interpolates every string in a parsed compose document. */
export function interpolateDeep(value: unknown, env: Record<string, string | undefined>): unknown {
  if (typeof value === 'string') return interpolate(value, env);
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)]));
  return value;
}
