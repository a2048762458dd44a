import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config/index.js';

/** One HMAC signing key. `createdAt` is known for generated keys; env keys get a first-seen date from the database. */
export interface JwtKey {
  kid: string;
  secret: Buffer;
  /** The same secret as a KeyObject, made once: jsonwebtoken would otherwise re-derive it on every call. */
  keyObject: KeyObject;
  source: 'env' | 'file' | 'generated';
  createdAt?: Date;
  /** sha256 of kid and secret, short: identifies the key in logs and host_meta without revealing it. */
  fingerprint: string;
}

/** The keys of this host: the first signs, every key verifies. */
export interface JwtKeyRing {
  signing: JwtKey;
  keys: ReadonlyMap<string, JwtKey>;
}

export class JwtKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JwtKeyError';
  }
}

export const GENERATED_KEYS_FILE = 'jwt-keys.json';

function fingerprint(kid: string, secret: Buffer): string {
  return createHash('sha256').update(kid).update('\0').update(secret).digest('hex').slice(0, 16);
}

export function makeKey(kid: string, secret: Buffer, source: JwtKey['source'], createdAt?: Date): JwtKey {
  return { kid, secret, keyObject: createSecretKey(secret), source, createdAt, fingerprint: fingerprint(kid, secret) };
}

async function parseEntry(entry: string): Promise<JwtKey> {
  const at = entry.indexOf(':');
  const kid = entry.slice(0, at);
  const value = entry.slice(at + 1);
  if (value.startsWith('@')) {
    const file = value.slice(1);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new JwtKeyError(
        `BACON_JWT_KEYS: cannot read the key file of kid "${kid}" (${(err as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
    return makeKey(kid, Buffer.from(text.trim(), 'utf8'), 'file');
  }
  return makeKey(kid, Buffer.from(value, 'utf8'), 'env');
}

/** The key generated once for the embedded default, kept (mode 0600) in the data dir. */
async function generatedKey(dataDir: string): Promise<JwtKey> {
  const file = path.join(dataDir, GENERATED_KEYS_FILE);
  try {
    const saved = JSON.parse(await readFile(file, 'utf8')) as { kid: string; secret: string; createdAt: string };
    return makeKey(saved.kid, Buffer.from(saved.secret, 'base64url'), 'generated', new Date(saved.createdAt));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new JwtKeyError(`${file} is unreadable: ${(err as Error).message}`);
  }
  const createdAt = new Date();
  const kid = `g${createdAt.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex')}`;
  const secret = randomBytes(48);
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify({ kid, secret: secret.toString('base64url'), createdAt: createdAt.toISOString() }), {
    mode: 0o600,
    flag: 'wx',
  }).catch(async (err: NodeJS.ErrnoException) => {
    // Another host process sharing the data dir wrote it first: use theirs.
    if (err.code !== 'EEXIST') throw err;
  });
  await chmod(file, 0o600).catch(() => undefined);
  const saved = JSON.parse(await readFile(file, 'utf8')) as { kid: string; secret: string; createdAt: string };
  return makeKey(saved.kid, Buffer.from(saved.secret, 'base64url'), 'generated', new Date(saved.createdAt));
}

/**
 * Loads the signing keys from BACON_JWT_KEYS; without any, generates one in the data dir on the
 * embedded default (and in tests), and refuses to boot a Postgres deployment (its hosts would
 * each invent a different key).
 */
export async function loadJwtKeys(config: Pick<Config, 'jwtKeys' | 'databaseUrl' | 'dataDir' | 'nodeEnv'>): Promise<JwtKeyRing> {
  const list = config.jwtKeys ?? [];
  let keys: JwtKey[];
  if (list.length) {
    keys = await Promise.all(list.map(parseEntry));
  } else if (config.databaseUrl && config.nodeEnv !== 'test') {
    throw new JwtKeyError(
      'BACON_JWT_KEYS is required with DATABASE_URL: every host must share the same signing keys. Generate one with `openssl rand -base64 48` and set BACON_JWT_KEYS=main:<secret>.',
    );
  } else {
    keys = [await generatedKey(config.dataDir)];
  }
  const byKid = new Map<string, JwtKey>();
  for (const k of keys) {
    if (byKid.has(k.kid)) throw new JwtKeyError(`BACON_JWT_KEYS: kid "${k.kid}" appears twice.`);
    if (k.secret.length === 0) throw new JwtKeyError(`BACON_JWT_KEYS: kid "${k.kid}" has an empty secret.`);
    byKid.set(k.kid, k);
  }
  return { signing: keys[0]!, keys: byKid };
}
