import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import path from 'node:path';
import { ENV_VARS } from './env-vars.js';
import type { AuthConfig } from './vars/auth.js';
import type { PluginsConfig } from './vars/plugins.js';
import type { EventsConfig } from './vars/events.js';

export type NodeEnv = 'development' | 'production' | 'test';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config extends AuthConfig, PluginsConfig, EventsConfig {
  nodeEnv: NodeEnv;
  port: number;
  host: string;
  publicUrl?: string;
  dataDir: string;
  databaseUrl?: string;
  dbPoolMin: number;
  dbPoolMax: number;
  dbConnectRetries: number;
  redisUrl?: string;
  redisPrefix: string;
  logLevel: LogLevel;
  logPretty: boolean;
  bodyLimit: number;
  shutdownTimeoutMs: number;
  keepAliveTimeoutMs: number;
  validateResponses: boolean;
  plugins: string[];
  trustedProxies: number;
  metricsToken?: string;
  /** Outgoing mail (the `mailer` service): unset, no mail is sent. */
  smtpUrl?: string;
  mailFrom: string;
  /** Everything else an extension reads lives under its own key; see docs/configuration.md. */
  [extra: string]: unknown;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`Invalid configuration: ${variable} ${message}`);
    this.name = 'ConfigError';
  }
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

function coerce(raw: string, schema: Record<string, unknown>): unknown {
  const type = schema.type;
  const text = raw.trim();
  if (type === 'integer' || type === 'number') return text === '' ? raw : Number(text);
  if (type === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(text)) return true;
    if (/^(0|false|no|off)$/i.test(text)) return false;
    return raw;
  }
  if (type === 'array')
    return text === ''
      ? []
      : text
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
  return raw;
}

/**
 * Reads the host configuration from an environment map (process.env by default), validates it
 * with ajv and returns a frozen object. A bad value throws a ConfigError naming the variable.
 * `overrides` (by Config key) win over the environment; tests and embedders use them.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Readonly<Config> {
  const ajv = new Ajv({ allErrors: false, useDefaults: true, strict: false });
  addFormats(ajv);
  const out: Record<string, unknown> = {};
  for (const v of ENV_VARS) {
    const raw = env[v.name];
    let value: unknown = v.key in overrides ? (overrides as Record<string, unknown>)[v.key] : undefined;
    if (value === undefined && raw !== undefined && raw !== '') value = coerce(raw, v.schema);
    if (value === undefined && 'default' in v.schema) value = structuredClone(v.schema.default);
    if (value === undefined) continue;
    const validate = ajv.compile(v.schema);
    if (!validate(value)) {
      const e = validate.errors?.[0];
      const shown = typeof raw === 'string' && !/URL|SECRET|KEY|PASSWORD/.test(v.name) ? ` (got "${raw}")` : '';
      throw new ConfigError(v.name, `${e?.message ?? 'is invalid'}${shown}. ${v.doc}`);
    }
    out[v.key] = value;
  }
  for (const [k, val] of Object.entries(overrides)) if (!(k in out) && val !== undefined) out[k] = val;
  if (out.validateResponses === undefined) out.validateResponses = out.nodeEnv === 'test';
  if (out.logPretty === undefined) out.logPretty = !!process.stdout.isTTY && out.nodeEnv !== 'production';
  if ((out.dbPoolMin as number) > (out.dbPoolMax as number)) {
    throw new ConfigError('DATABASE_POOL_MIN', 'must not exceed DATABASE_POOL_MAX.');
  }
  out.dataDir = path.resolve(out.dataDir as string);
  return Object.freeze(out) as Readonly<Config>;
}
