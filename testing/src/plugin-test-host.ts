import { fileURLToPath } from 'node:url';
import { BaconError, type CapabilityName, type HealthResult } from '@bacon/sdk';
import { TestingErrors } from './errors.js';

/** DNS for http.fetch under test: every name resolves to a public documentation address, so nock answers it. */
export type TestLookup = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface PluginTestOptions {
  /** The plugin's entry file (its source: TypeScript is bundled like a published plugin's JavaScript). */
  entry: string | URL;
  /** Capabilities the test tenant's admin grants (default: every capability the plugin requests). */
  grants?: CapabilityName[];
  /** Settings saved for the tenant before the test (secrets included; they are stored encrypted). */
  settings?: Record<string, unknown>;
  /** Host config overrides (sandbox limits...), by Config key. */
  config?: Record<string, unknown>;
  /** DNS used by http.fetch (default: every name resolves to 93.184.216.34; nock intercepts the request). */
  dnsLookup?: TestLookup;
  /** Enable the plugin for the tenant at start (default true). */
  enable?: boolean;
}

export interface BusEventSeen {
  topic: string;
  tenantId?: string;
  payload: unknown;
}

export interface PluginTestHost {
  /** The test tenant's id. */
  tenantId: string;
  /** Base URL of the in-process host (loopback). */
  url: string;
  /** Runs an action in the sandbox; resolves with its output or rejects with a BaconError. */
  run<T = unknown>(action: string, input: unknown): Promise<T>;
  /** Posts a webhook to a trigger; resolves with how many payloads were published. */
  trigger(name: string, request: { body: string | object; headers?: Record<string, string> }): Promise<number>;
  testConnection(): Promise<HealthResult>;
  health(): Promise<HealthResult>;
  /** Replaces the tenant's settings (PUT /api/v1/plugins/:id/settings). */
  configure(settings: Record<string, unknown>): Promise<void>;
  enable(grants?: CapabilityName[]): Promise<void>;
  disable(): Promise<void>;
  /** Bus events seen since start (everything the plugin emitted, and trigger payloads). */
  events: BusEventSeen[];
  /** Any API call as the test admin: `{status, body}`. */
  request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

interface PluginRecords {
  records: { id: string; source: { entry?: string }; def: { capabilities?: { name: CapabilityName }[] } }[];
}

interface HostTesting {
  requestJson(
    baseUrl: string,
    headers: Record<string, string> | undefined,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  startTestHost(opts: Record<string, unknown>): Promise<{
    url: string;
    services: {
      bus: { subscribe(p: string, h: (e: BusEventSeen) => void): () => void };
    };
    service(ref: unknown): PluginRecords;
    close(): Promise<void>;
  }>;
  /** The plugin runtime's service ref (`host.service(pluginsService)`). */
  pluginsService: unknown;
  createTestTenant(host: unknown): Promise<{ id: string }>;
  createTestUser(host: unknown, opts: { role: 'admin'; tenantId: string }): Promise<{ headers: Record<string, string> }>;
}

const publicLookup: TestLookup = async () => [{ address: '93.184.216.34', family: 4 }];

/**
 * Starts an in-process Bacon host (embedded database) with one sandboxed plugin, a tenant and its
 * admin, and the plugin enabled with the given grants and settings. Everything goes through the
 * real runtime: the bundler, the runner process and its isolate, the grant checks, the breakers.
 * `http.fetch` runs host-side in this process, so nock intercepts it.
 * Needs `@bacon/host` installed (a dev dependency of the plugin).
 */
export async function startPluginTestHost(opts: PluginTestOptions): Promise<PluginTestHost> {
  const hostModule = '@bacon/host/testing';
  const testing = (await import(hostModule)) as HostTesting;
  const entry = typeof opts.entry === 'string' ? opts.entry : fileURLToPath(opts.entry);
  const host = await testing.startTestHost({
    plugins: [entry],
    config: opts.config ?? {},
    pluginOptions: { dnsLookup: opts.dnsLookup ?? publicLookup },
  });
  try {
    const record = host.service(testing.pluginsService).records.find((r) => r.source.entry === entry);
    if (!record) throw new Error(`the plugin at ${entry} did not load`);
    const pluginId = record.id;
    const tenant = await testing.createTestTenant(host);
    const admin = await testing.createTestUser(host, { role: 'admin', tenantId: tenant.id });
    const events: BusEventSeen[] = [];
    host.services.bus.subscribe('*', (e) => void events.push({ topic: e.topic, tenantId: e.tenantId, payload: e.payload }));
    const request = (method: string, path: string, body?: unknown) => testing.requestJson(host.url, admin.headers, method, path, body);
    const ok = async (method: string, path: string, body?: unknown) => {
      const r = await request(method, path, body);
      if (r.status >= 400) {
        if (!r.body?.error) throw TestingErrors.httpFailed({ status: r.status }, `HTTP ${r.status}`);
        throw new BaconError({ status: r.status, ...r.body.error });
      }
      return r.body;
    };
    const base = `/api/v1/plugins/${pluginId}`;
    const requested = record.def.capabilities?.map((c) => c.name) ?? [];
    const t: PluginTestHost = {
      tenantId: tenant.id,
      url: host.url,
      events,
      request,
      run: async (action, input) => (await ok('POST', `${base}/actions/${action}`, { input })).output,
      async trigger(name, req) {
        const body = typeof req.body === 'string' ? req.body : JSON.stringify(req.body);
        const r = await fetch(`${host.url}${base}/triggers/${name}/${tenant.id}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(req.headers ?? {}) },
          body,
        });
        const json = (await r.json()) as { accepted?: number; error?: { code: string; message: string } };
        if (r.status >= 400) throw new BaconError({ status: r.status, ...json.error! });
        return json.accepted ?? 0;
      },
      testConnection: () => ok('POST', `${base}/test-connection`, {}),
      health: () => ok('GET', `${base}/health`),
      configure: async (settings) => void (await ok('PUT', `${base}/settings`, settings)),
      enable: async (grants) => void (await ok('POST', `${base}/enable`, { grants: grants ?? requested })),
      disable: async () => void (await ok('POST', `${base}/disable`, {})),
      close: () => host.close(),
    };
    if (opts.settings) await t.configure(opts.settings);
    if (opts.enable !== false) await t.enable(opts.grants);
    return t;
  } catch (err) {
    await host.close();
    throw err;
  }
}
