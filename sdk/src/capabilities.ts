/**
 * What a plugin's actions, triggers and checks can reach, each behind a capability an admin grants
 * per tenant. In the sandbox these are bridges to host functions; a call needing a capability the
 * admin did not grant fails with a BaconError whose code is `capability_not_granted`.
 */

/** Every host function answers this envelope; it never throws across the sandbox boundary. */
export type HostResult<T> =
  { ok: true; value: T } | { ok: false; error: { code: string; message: string; retryable: boolean; status?: number } };

export interface FetchRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  /** Request body as text (JSON.stringify it yourself). */
  body?: string;
  /** Lower than the host's cap; the host cap wins. */
  timeoutMs?: number;
}

export interface FetchResponse {
  status: number;
  headers: Record<string, string>;
  /** Response body as text (capped by the host). */
  body: string;
  /** `JSON.parse(body)`. */
  json<T = unknown>(): T;
}

/** `http`: outbound HTTP(S) to the hosts the manifest lists; private addresses are refused. */
export interface PluginHttp {
  fetch(url: string, init?: FetchRequest): Promise<FetchResponse>;
}

/** `kv`: JSON values scoped to (tenant, plugin), within a byte quota. */
export interface PluginKv {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  list(prefix?: string): Promise<string[]>;
}

/** `secrets`: this plugin's own secret settings (fields marked `x-secret`), for the calling tenant. */
export interface PluginSecrets {
  get(name: string): Promise<string | undefined>;
}

/** `events`: publishes on the host bus; topics must match the manifest's `emit` patterns. */
export interface PluginEvents {
  emit(topic: string, payload: unknown): Promise<void>;
}
