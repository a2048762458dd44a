import type { EnvVar } from './env-var.js';

const RATE = { type: 'string', pattern: '^[1-9][0-9]{0,6}/[1-9][0-9]{0,6}$' };
const CIDRS = { type: 'array', items: { type: 'string', minLength: 1 }, default: [] };

/** Auth and security variables (keys, admin bootstrap, rate limits...). Documented in docs/configuration.md#security. */
export const AUTH_VARS: EnvVar[] = [
  {
    name: 'BACON_JWT_KEYS',
    key: 'jwtKeys',
    schema: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9._-]{1,64}:.+$' }, default: [] },
    doc: 'Comma-separated `kid:secret` pairs (or `kid:@/path/to/file`) for access tokens: the first signs, all verify. Unset: the embedded default generates one key in BACON_DATA_DIR; a Postgres deployment refuses to boot.',
  },
  {
    name: 'BACON_JWT_ACCESS_TTL',
    key: 'accessTokenTtl',
    schema: { type: 'integer', minimum: 30, maximum: 86400, default: 900 },
    doc: 'Lifetime of an access token, in seconds.',
  },
  {
    name: 'BACON_REFRESH_TTL_DAYS',
    key: 'refreshTokenTtlDays',
    schema: { type: 'integer', minimum: 1, maximum: 365, default: 30 },
    doc: 'Lifetime of a refresh token (one login session), in days.',
  },
  {
    name: 'BACON_JWT_KEY_MAX_AGE_DAYS',
    key: 'jwtKeyMaxAgeDays',
    schema: { type: 'integer', minimum: 1, maximum: 3650, default: 180 },
    doc: 'A signing key older than this is reported as due for rotation (log, metric, /readyz detail).',
  },
  {
    name: 'BACON_KEY_CHECK_MINUTES',
    key: 'keyCheckMinutes',
    schema: { type: 'integer', minimum: 1, maximum: 10080, default: 60 },
    doc: 'How often the host re-checks its signing keys for weakness and age.',
  },
  {
    name: 'BACON_SECRET_MAX_AGE_DAYS',
    key: 'secretMaxAgeDays',
    schema: { type: 'integer', minimum: 1, maximum: 3650, default: 365 },
    doc: 'A site secret or plugin credential not changed for this long is reported as due for rotation (log, metric, console banner).',
  },
  {
    name: 'BACON_DATA_REGION',
    key: 'dataRegion',
    schema: { type: 'string', pattern: '^[a-z]{2,}(-[a-z0-9]+)*$' },
    doc: 'Where this deployment stores its data (eu, eu-west-1, europe-west3, us-east-1...). Tenants with EU-only storage need an EU region (eu, eu-*, europe-*). Unset: undeclared, which counts as outside the EU.',
  },
  {
    name: 'BACON_ADMIN_EMAIL',
    key: 'adminEmail',
    schema: { type: 'string', format: 'email' },
    doc: 'Email of the admin created on first boot (when no user exists). Default: admin@bacon.local.',
  },
  {
    name: 'BACON_ADMIN_PASSWORD',
    key: 'adminPassword',
    schema: { type: 'string', minLength: 10 },
    doc: 'Password of the admin created on first boot. Unset on the embedded default: one is generated and printed once.',
  },
  {
    name: 'BACON_TENANT_NAME',
    key: 'tenantName',
    schema: { type: 'string', minLength: 1, default: 'Default' },
    doc: 'Name of the tenant created on first boot.',
  },
  {
    name: 'BACON_VISITOR_TTL',
    key: 'visitorTokenTtl',
    schema: { type: 'integer', minimum: 60, maximum: 2592000, default: 86400 },
    doc: 'Lifetime of a widget visitor token, in seconds.',
  },
  {
    name: 'BACON_WIDGET_CONFIG_TTL',
    key: 'widgetConfigTtl',
    schema: { type: 'integer', minimum: 60, maximum: 2592000, default: 3600 },
    doc: 'How long a signed widget config stays valid, in seconds.',
  },
  {
    name: 'BACON_RATE_LOGIN_IP',
    key: 'rateLoginIp',
    schema: { ...RATE, default: '5/20' },
    doc: 'Login attempts per client IP, as `points/seconds`.',
  },
  {
    name: 'BACON_RATE_LOGIN_EMAIL',
    key: 'rateLoginEmail',
    schema: { ...RATE, default: '20/300' },
    doc: 'Login attempts per email address, as `points/seconds`.',
  },
  {
    name: 'BACON_RATE_API_USER',
    key: 'rateApiUser',
    schema: { ...RATE, default: '1200/60' },
    doc: 'Authenticated API requests per user, as `points/seconds`.',
  },
  {
    name: 'BACON_RATE_API_VISITOR',
    key: 'rateApiVisitor',
    schema: { ...RATE, default: '300/60' },
    doc: 'Requests per widget visitor session on visitor routes, as `points/seconds`.',
  },
  {
    name: 'BACON_RATE_API_IP',
    key: 'rateApiIp',
    schema: { ...RATE, default: '3000/60' },
    doc: 'Requests per client IP on every route, as `points/seconds`.',
  },
  {
    name: 'BACON_RATE_WIDGET_SITE',
    key: 'rateWidgetSite',
    schema: { ...RATE, default: '600/60' },
    doc: 'Widget sessions and conversations started per site key, as `points/seconds`.',
  },
  {
    name: 'BACON_RATE_WIDGET_IP',
    key: 'rateWidgetIp',
    schema: { ...RATE, default: '10/60' },
    doc: 'Widget sessions and conversations started per client IP and site key, as `points/seconds`.',
  },
  {
    name: 'BACON_IP_ALLOW',
    key: 'ipAllow',
    schema: CIDRS,
    doc: 'Global allow-list (comma-separated CIDRs, IPv4 or IPv6). When set, every other address is refused.',
  },
  { name: 'BACON_IP_BLOCK', key: 'ipBlock', schema: CIDRS, doc: 'Global block-list (comma-separated CIDRs, IPv4 or IPv6).' },
];

/** Typed view of the auth variables in Config. */
export interface AuthConfig {
  jwtKeys: string[];
  accessTokenTtl: number;
  refreshTokenTtlDays: number;
  jwtKeyMaxAgeDays: number;
  keyCheckMinutes: number;
  secretMaxAgeDays: number;
  dataRegion?: string;
  adminEmail?: string;
  adminPassword?: string;
  tenantName: string;
  visitorTokenTtl: number;
  widgetConfigTtl: number;
  rateLoginIp: string;
  rateLoginEmail: string;
  rateApiUser: string;
  rateApiVisitor: string;
  rateApiIp: string;
  rateWidgetSite: string;
  rateWidgetIp: string;
  ipAllow: string[];
  ipBlock: string[];
}
