import nock from 'nock';
import { API_VERSION } from './settings.js';

/**
 * A fake Salesforce org for your own tests, without Salesforce: nock interceptors for the token
 * endpoint and the REST calls this plugin makes (SOQL on Contact, Lead and Case by email or
 * contact, creating Case and CaseComment, /limits), answering with the shapes Salesforce documents
 * and keeping what was created. Needs `nock` in your dev dependencies.
 *
 *   const org = fakeSalesforce({ contacts: [{ Id: '003...', Name: 'Ada', Email: 'ada@example.com' }] });
 *   ... run your flow ...
 *   expect(org.cases[0].Subject).to.equal('Refund');
 *   org.stop();
 */
export interface FakeContact {
  Id: string;
  Name: string;
  Email: string;
  Phone?: string | null;
  AccountName?: string;
}
export interface FakeLead {
  Id: string;
  Name: string;
  Email: string;
  Phone?: string | null;
  Company?: string;
}
export interface FakeCase {
  Id: string;
  CaseNumber: string;
  Subject: string | null;
  Status: string;
  Priority: string | null;
  ContactId: string | null;
  CreatedDate: string;
  [field: string]: unknown;
}

export interface FakeSalesforceOptions {
  instanceUrl?: string;
  loginUrl?: string;
  contacts?: FakeContact[];
  leads?: FakeLead[];
  cases?: FakeCase[];
  /** The refresh token the fake accepts (default: any). */
  refreshToken?: string;
}

export interface FakeSalesforce {
  contacts: FakeContact[];
  leads: FakeLead[];
  cases: FakeCase[];
  comments: { Id: string; ParentId: string; CommentBody: string; IsPublished: boolean }[];
  /** SOQL queries received, decoded. */
  queries: string[];
  /** Access tokens issued so far. */
  tokensIssued: number;
  /** Makes the current access token expire: the next REST call answers 401 INVALID_SESSION_ID. */
  expireSession(): void;
  /** Revokes the refresh token: the token endpoint answers 400 invalid_grant. */
  revokeRefreshToken(): void;
  /** The next REST calls answer these instead (a 429 with `retry-after`, a 503...), one each, in order. */
  failNext(...answers: { status: number; headers?: Record<string, string>; body?: unknown }[]): void;
  /** Removes the fake's interceptors (leaves yours alone). */
  stop(): void;
  /** Puts the interceptors back, the org's records kept (after `stop()`, or a `nock.cleanAll()` between tests). */
  start(): void;
}

const UNESCAPE: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };
/** The first quoted literal of a SOQL condition `Field = '...'`, unescaped. */
function literal(soql: string, field: string): string | undefined {
  const m = soql.match(new RegExp(`${field} = '((?:[^'\\\\]|\\\\.)*)'`));
  return m?.[1]!.replace(/\\(.)/g, (_, c: string) => UNESCAPE[c] ?? c);
}

let ids = 0;
const recordId = (prefix: string) => `${prefix}${'0'.repeat(3)}${String(++ids).padStart(9, '0')}AAA`;

export function fakeSalesforce(opts: FakeSalesforceOptions = {}): FakeSalesforce {
  const instance = (opts.instanceUrl ?? 'https://acme.my.salesforce.com').replace(/\/+$/, '');
  const login = (opts.loginUrl ?? 'https://login.salesforce.com').replace(/\/+$/, '');
  let token = '';
  let revoked = false;
  const data = `/services/data/${API_VERSION}`;
  const attributes = (type: string, id: string) => ({ type, url: `${data}/sobjects/${type}/${id}` });
  const interceptors: nock.Interceptor[] = [];
  const on = (i: nock.Interceptor) => (interceptors.push(i), i);
  const failures: { status: number; headers?: Record<string, string>; body?: unknown }[] = [];
  const authorized = (req: { headers: Record<string, string | string[]> }) => token && req.headers.authorization === `Bearer ${token}`;
  /** The answer a REST call gets before its own: an injected failure, else 401 for a stale token. */
  const before = (req: { headers: Record<string, string | string[]> }) => {
    const f = failures.shift();
    if (f) return [f.status, f.body ?? [{ message: `HTTP ${f.status}`, errorCode: 'SERVER_UNAVAILABLE' }], f.headers ?? {}];
    return authorized(req) ? undefined : expired;
  };
  const expired = [401, [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }]] as const;
  const limits = { 'sforce-limit-info': () => `api-usage=${fake.queries.length + 1}/15000` };

  const fake: FakeSalesforce = {
    contacts: opts.contacts ?? [],
    leads: opts.leads ?? [],
    cases: opts.cases ?? [],
    comments: [],
    queries: [],
    tokensIssued: 0,
    expireSession: () => void (token = `expired-${token}`),
    revokeRefreshToken: () => void (revoked = true),
    failNext: (...answers) => void failures.push(...answers),
    stop: () => void interceptors.splice(0).forEach((i) => nock.removeInterceptor(i)),
    start: () => {
      fake.stop();
      intercept();
    },
  };
  const intercept = () => {
    const loginScope = nock(login).persist();
    on(loginScope.post('/services/oauth2/token')).reply((_uri, body) => {
      const form = new URLSearchParams(String(body));
      if (form.get('grant_type') !== 'refresh_token')
        return [400, { error: 'unsupported_grant_type', error_description: 'grant type not supported' }];
      if (revoked || (opts.refreshToken && form.get('refresh_token') !== opts.refreshToken))
        return [400, { error: 'invalid_grant', error_description: 'expired access/refresh token' }];
      fake.tokensIssued++;
      token = `00D000000000001!AQ0AQ${fake.tokensIssued}`;
      return [
        200,
        {
          access_token: token,
          signature: 'fake-signature',
          scope: 'refresh_token api',
          instance_url: instance,
          id: `${login}/id/00D000000000001AAA/005000000000001AAA`,
          token_type: 'Bearer',
          issued_at: String(Date.now()),
        },
      ];
    });

    const api = nock(instance).persist();
    on(api.get(`${data}/limits`)).reply(function () {
      const stop = before(this.req);
      if (stop) return stop as never;
      return [200, { DailyApiRequests: { Max: 15000, Remaining: 14990 }, DailyBulkApiBatches: { Max: 15000, Remaining: 15000 } }];
    });
    on(api.get(new RegExp(`^${data.replace(/\./g, '\\.')}/query\\?`))).reply(function (uri) {
      const stop = before(this.req);
      if (stop) return stop as never;
      const soql = new URLSearchParams(uri.split('?')[1]).get('q') ?? '';
      fake.queries.push(soql);
      let records: object[] = [];
      if (/FROM Contact\b/.test(soql)) {
        const email = literal(soql, 'Email');
        records = fake.contacts
          .filter((c) => c.Email === email)
          .map((c) => ({
            attributes: attributes('Contact', c.Id),
            Id: c.Id,
            Name: c.Name,
            Email: c.Email,
            Phone: c.Phone ?? null,
            Account: c.AccountName ? { attributes: attributes('Account', '001000000000001AAA'), Name: c.AccountName } : null,
          }));
      } else if (/FROM Lead\b/.test(soql)) {
        const email = literal(soql, 'Email');
        records = fake.leads
          .filter((l) => l.Email === email)
          .map((l) => ({
            attributes: attributes('Lead', l.Id),
            Id: l.Id,
            Name: l.Name,
            Email: l.Email,
            Phone: l.Phone ?? null,
            Company: l.Company ?? null,
          }));
      } else if (/FROM Case\b/.test(soql)) {
        const contactId = literal(soql, 'ContactId');
        records = fake.cases
          .filter((c) => c.ContactId === contactId)
          .sort((a, b) => b.CreatedDate.localeCompare(a.CreatedDate))
          .map((c) => ({ attributes: attributes('Case', c.Id), ...c }));
      } else return [400, [{ message: `fakeSalesforce does not answer: ${soql}`, errorCode: 'MALFORMED_QUERY' }]];
      return [200, { totalSize: records.length, done: true, records }, limits];
    });
    on(api.post(`${data}/sobjects/Case`)).reply(function (_uri, body) {
      const stop = before(this.req);
      if (stop) return stop as never;
      const fields = body as Record<string, unknown>;
      const Id = recordId('500');
      fake.cases.push({
        Status: 'New',
        Priority: null,
        ContactId: null,
        Subject: null,
        ...fields,
        Id,
        CaseNumber: String(1000 + fake.cases.length + 1).padStart(8, '0'),
        CreatedDate: new Date().toISOString().replace('Z', '+0000'),
      } as FakeCase);
      return [201, { id: Id, success: true, errors: [] }, limits];
    });
    on(api.post(`${data}/sobjects/CaseComment`)).reply(function (_uri, body) {
      const stop = before(this.req);
      if (stop) return stop as never;
      const f = body as { ParentId: string; CommentBody: string; IsPublished?: boolean };
      if (!fake.cases.some((c) => c.Id === f.ParentId))
        return [400, [{ message: 'Parent ID: id value of incorrect type', errorCode: 'FIELD_INTEGRITY_EXCEPTION', fields: ['ParentId'] }]];
      const Id = recordId('00a');
      fake.comments.push({ Id, ParentId: f.ParentId, CommentBody: f.CommentBody, IsPublished: f.IsPublished ?? false });
      return [201, { id: Id, success: true, errors: [] }, limits];
    });
  };
  intercept();
  return fake;
}
