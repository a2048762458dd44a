import type { ApiClient } from './api-client.js';
import { toPage, unwrap, type Page } from './page.js';
import type { Agent } from './types.js';

export interface SiteKey {
  id: string;
  key: string;
  name: string;
  allowedOrigins: string[];
  identityRequired: boolean;
  /** Only in the answer to create and rotate: shown once, never again. */
  identitySecret?: string;
  createdAt: string;
}

export interface IpRule {
  id: string;
  cidr: string;
  action: 'allow' | 'block';
  note: string;
  createdAt: string;
}

export interface AuditEntry {
  id: string;
  actorId?: string | null;
  actorName?: string | null;
  actorEmail?: string | null;
  actorKind?: string;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  before?: unknown;
  after?: unknown;
  createdAt: string;
}

/** The audit log's filters (`action` ends with `.*` for a prefix; `from` inclusive, `to` exclusive, ISO times). */
export interface AuditFilter {
  action?: string;
  actorId?: string;
  from?: string;
  to?: string;
}

/** A weak, well-known or old secret (`GET /admin/secret-health`): ids and problems, never the secret. */
export interface SecretWarning {
  kind: 'jwt_key' | 'site_secret' | 'plugin_secret';
  id: string;
  problem: 'short' | 'known_default' | 'old';
  detail: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: 'admin' | 'agent';
  password: string;
}

const enc = encodeURIComponent;

/** Admin endpoints: users, site keys, IP rules, audit log (host auth and security). */
export function adminApi(api: ApiClient) {
  return {
    async listUsers(): Promise<Agent[]> {
      return toPage<Agent>(await api.get('/users'), 'users').items;
    },
    async createUser(u: NewUser): Promise<Agent> {
      return unwrap<Agent>(await api.post('/users', u), 'user');
    },
    async updateUser(
      id: string,
      patch: Partial<{ name: string; role: 'admin' | 'agent'; disabled: boolean; password: string }>,
    ): Promise<Agent> {
      return unwrap<Agent>(await api.patch(`/users/${enc(id)}`, patch), 'user');
    },
    async deleteUser(id: string): Promise<void> {
      await api.delete(`/users/${enc(id)}`);
    },
    /** A generated password, shown once; the user chooses their own at next sign-in. */
    async resetPassword(id: string): Promise<{ temporaryPassword: string; user: Agent }> {
      return (await api.post(`/users/${enc(id)}/reset-password`)) as { temporaryPassword: string; user: Agent };
    },
    async revokeSessions(id: string): Promise<number> {
      return ((await api.post(`/users/${enc(id)}/revoke-sessions`)) as { revokedSessions: number }).revokedSessions;
    },
    async listSiteKeys(): Promise<SiteKey[]> {
      return toPage<SiteKey>(await api.get('/site-keys'), 'siteKeys').items;
    },
    async createSiteKey(s: { name: string; allowedOrigins: string[]; identityRequired: boolean }): Promise<SiteKey> {
      return unwrap<SiteKey>(await api.post('/site-keys', s), 'siteKey');
    },
    async updateSiteKey(id: string, patch: Partial<Pick<SiteKey, 'name' | 'allowedOrigins' | 'identityRequired'>>): Promise<SiteKey> {
      return unwrap<SiteKey>(await api.patch(`/site-keys/${enc(id)}`, patch), 'siteKey');
    },
    async rotateSiteKeySecrets(id: string): Promise<SiteKey> {
      return unwrap<SiteKey>(await api.post(`/site-keys/${enc(id)}/rotate-secrets`), 'siteKey');
    },
    async deleteSiteKey(id: string): Promise<void> {
      await api.delete(`/site-keys/${enc(id)}`);
    },
    async listIpRules(): Promise<IpRule[]> {
      return toPage<IpRule>(await api.get('/ip-rules'), 'rules').items;
    },
    async createIpRule(r: { cidr: string; action: 'allow' | 'block'; note: string }): Promise<IpRule> {
      return unwrap<IpRule>(await api.post('/ip-rules', r), 'rule');
    },
    async deleteIpRule(id: string): Promise<void> {
      await api.delete(`/ip-rules/${enc(id)}`);
    },
    async listAudit(cursor?: string | null, filter: AuditFilter = {}): Promise<Page<AuditEntry>> {
      return toPage<AuditEntry>(await api.get('/audit-log', { ...filter, limit: 50, cursor: cursor ?? undefined }), 'entries');
    },
    async secretHealth(): Promise<SecretWarning[]> {
      return ((await api.get('/admin/secret-health')) as { warnings: SecretWarning[] }).warnings;
    },
    /** The filtered log as CSV (the export is itself audited). */
    exportAuditCsv(filter: AuditFilter = {}): Promise<string> {
      return api.get<string>('/audit-log/export.csv', { ...filter });
    },
  };
}

export type AdminApi = ReturnType<typeof adminApi>;
