import type { EnvVar } from './env-var.js';

/** The kernel's variables: server, database, Redis, logs, HTTP. */
export const KERNEL_VARS: EnvVar[] = [
  {
    name: 'NODE_ENV',
    key: 'nodeEnv',
    schema: { type: 'string', enum: ['development', 'production', 'test'], default: 'development' },
    doc: 'Runtime mode.',
  },
  {
    name: 'PORT',
    key: 'port',
    schema: { type: 'integer', minimum: 0, maximum: 65535, default: 3000 },
    doc: 'HTTP port (0 picks a free one).',
  },
  { name: 'HOST', key: 'host', schema: { type: 'string', minLength: 1, default: '0.0.0.0' }, doc: 'Interface to listen on.' },
  {
    name: 'PUBLIC_URL',
    key: 'publicUrl',
    schema: { type: 'string', format: 'uri' },
    doc: 'Public base URL (used in links and the widget snippet). Defaults to http://localhost:PORT.',
  },
  {
    name: 'BACON_SMTP_URL',
    key: 'smtpUrl',
    schema: { type: 'string', pattern: '^smtps?://' },
    doc: 'SMTP server for outgoing mail (replies emailed to offline visitors): `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. Unset: no mail is sent.',
  },
  {
    name: 'BACON_MAIL_FROM',
    key: 'mailFrom',
    schema: { type: 'string', minLength: 3, maxLength: 200, default: 'Bacon <no-reply@localhost>' },
    doc: 'The From of outgoing mail: `Name <address>`.',
  },
  {
    name: 'BACON_DATA_DIR',
    key: 'dataDir',
    schema: { type: 'string', minLength: 1, default: '.bacon/data' },
    doc: 'Embedded database (PGlite) files and generated keys, when DATABASE_URL is unset.',
  },
  {
    name: 'DATABASE_URL',
    key: 'databaseUrl',
    schema: { type: 'string', pattern: '^postgres(ql)?://' },
    doc: 'Postgres connection string. Unset: embedded PGlite.',
  },
  {
    name: 'DATABASE_POOL_MIN',
    key: 'dbPoolMin',
    schema: { type: 'integer', minimum: 0, maximum: 100, default: 0 },
    doc: 'Minimum pooled Postgres connections.',
  },
  {
    name: 'DATABASE_POOL_MAX',
    key: 'dbPoolMax',
    schema: { type: 'integer', minimum: 1, maximum: 500, default: 10 },
    doc: 'Maximum pooled Postgres connections per host process.',
  },
  {
    name: 'DATABASE_CONNECT_RETRIES',
    key: 'dbConnectRetries',
    schema: { type: 'integer', minimum: 0, maximum: 50, default: 8 },
    doc: 'Boot-time connection attempts (exponential backoff with jitter) before giving up.',
  },
  {
    name: 'REDIS_URL',
    key: 'redisUrl',
    schema: { type: 'string', pattern: '^rediss?://' },
    doc: 'Redis for cross-node fan-out, distributed rate limits and caches. Unset: in-memory.',
  },
  {
    name: 'BACON_REDIS_PREFIX',
    key: 'redisPrefix',
    schema: { type: 'string', pattern: '^[A-Za-z0-9:_.-]{1,64}$', default: 'bacon:' },
    doc: 'Prefix of every Redis key and channel, so several Bacon installs can share one Redis.',
  },
  {
    name: 'LOG_LEVEL',
    key: 'logLevel',
    schema: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
    doc: 'pino log level.',
  },
  {
    name: 'LOG_PRETTY',
    key: 'logPretty',
    schema: { type: 'boolean' },
    doc: 'One human-readable line per entry instead of JSON (default: on when stdout is a terminal, outside production).',
  },
  {
    name: 'BACON_BODY_LIMIT',
    key: 'bodyLimit',
    schema: { type: 'integer', minimum: 1024, maximum: 104857600, default: 1048576 },
    doc: 'Largest accepted JSON request body, in bytes.',
  },
  {
    name: 'BACON_SHUTDOWN_TIMEOUT_MS',
    key: 'shutdownTimeoutMs',
    schema: { type: 'integer', minimum: 0, maximum: 600000, default: 10000 },
    doc: 'How long a graceful shutdown waits for in-flight requests.',
  },
  {
    name: 'BACON_KEEP_ALIVE_TIMEOUT_MS',
    key: 'keepAliveTimeoutMs',
    schema: { type: 'integer', minimum: 1000, maximum: 600000, default: 65000 },
    doc: "How long an idle keep-alive connection stays open. Keep it above your load balancer's idle timeout (60 s on most), or the balancer may send a request on a connection the host is closing (a 502).",
  },
  {
    name: 'BACON_VALIDATE_RESPONSES',
    key: 'validateResponses',
    schema: { type: 'boolean' },
    doc: 'Validate every response against its route schema (default: on when NODE_ENV=test).',
  },
  {
    name: 'BACON_PLUGINS',
    key: 'plugins',
    schema: { type: 'array', items: { type: 'string', minLength: 1 }, default: [] },
    doc: 'Comma-separated extra plugin packages or paths to load, beside the discovered ones.',
  },
  {
    name: 'BACON_METRICS_TOKEN',
    key: 'metricsToken',
    schema: { type: 'string', minLength: 16 },
    doc: 'Bearer token that `GET /metrics` requires (`Authorization: Bearer ...`). Unset: `/metrics` answers only callers on loopback that come through no proxy (no X-Forwarded-For).',
  },
  {
    name: 'BACON_TRUSTED_PROXIES',
    key: 'trustedProxies',
    schema: { type: 'integer', minimum: 0, maximum: 10, default: 0 },
    doc: 'How many reverse proxies in front of the host append to X-Forwarded-For (0: ignore the header).',
  },
];
