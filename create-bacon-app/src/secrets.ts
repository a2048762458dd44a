import { randomBytes } from 'node:crypto';

/** A fresh random secret: `bytes` of entropy (default 32, 256 bits) as hex. */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('hex');
}

/** The secrets a new stack's .env needs, each freshly generated. */
export function freshSecrets(): Record<string, string> {
  return {
    POSTGRES_PASSWORD: randomSecret(24),
    BACON_JWT_KEYS: `k${new Date().toISOString().slice(0, 10).replaceAll('-', '')}:${randomSecret(48)}`,
    BACON_PLUGIN_SECRETS_KEY: randomSecret(32),
    BACON_ADMIN_PASSWORD: randomSecret(12),
    BACON_METRICS_TOKEN: randomSecret(24),
  };
}

/**
 * Sets variables in an env template: a `NAME=...` line, or a commented-out `# NAME=...` default,
 * becomes `NAME=value`; a name the template lacks is appended.
 */
export function fillEnv(template: string, values: Record<string, string>): string {
  const left = new Set(Object.keys(values));
  const text = template.replace(/^(?:# )?([A-Z][A-Z0-9_]*)=.*$/gm, (line, name: string) => {
    if (!left.has(name)) return line;
    left.delete(name);
    return `${name}=${values[name]}`;
  });
  return left.size ? `${text.trimEnd()}\n\n${[...left].map((n) => `${n}=${values[n]}`).join('\n')}\n` : text;
}
