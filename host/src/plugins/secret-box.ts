import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** AES-256-GCM for plugin secrets at rest: `v1:<iv>:<tag>:<ciphertext>`, base64 parts. */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('plugin secrets key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return ['v1', iv.toString('base64'), c.getAuthTag().toString('base64'), data.toString('base64')].join(':');
    },
    open(sealed) {
      const [v, iv, tag, data] = sealed.split(':');
      if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('unreadable sealed secret');
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      d.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(data, 'base64')), d.final()]).toString('utf8');
    },
  };
}

/**
 * The key: BACON_PLUGIN_SECRETS_KEY (base64 or hex, 32 bytes) when set, otherwise one generated
 * once into `<dataDir>/keys/plugin-secrets.key` (like the other embedded-default secrets).
 */
export async function loadSecretsKey(configured: string | undefined, dataDir: string): Promise<Buffer> {
  if (configured) {
    const key = /^[0-9a-f]{64}$/i.test(configured) ? Buffer.from(configured, 'hex') : Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('BACON_PLUGIN_SECRETS_KEY must be 32 bytes (64 hex characters or base64)');
    return key;
  }
  const file = path.join(dataDir, 'keys', 'plugin-secrets.key');
  try {
    return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  } catch {
    await mkdir(path.dirname(file), { recursive: true });
    const key = randomBytes(32);
    try {
      await writeFile(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
      return key;
    } catch {
      return Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
    }
  }
}
