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

/** Fills `NAME=` lines of an env template with the given values (others left as they are). */
export function fillEnv(template: string, values: Record<string, string>): string {
  return template.replace(/^([A-Z][A-Z0-9_]*)=.*$/gm, (line, name: string) => (name in values ? `${name}=${values[name]}` : line));
}
