import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { BaconError } from '@bacon/sdk';
import { SandboxErrors } from '../plugin-errors.js';

export type LookupAll = (hostname: string) => Promise<{ address: string; family: number }[]>;

export interface FetchPolicy {
  /** The manifest's allow-list: exact host names, `*.example.com`, optionally with `:port`. */
  allowHosts: readonly string[];
  /** Development only: loopback, private and link-local addresses allowed. */
  allowPrivate: boolean;
  maxBytes: number;
  timeoutMs: number;
  /** DNS resolution (default: the system resolver through dns.promises.lookup). */
  lookup?: LookupAll;
}

export interface GuardedRequest {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs?: number;
}

export interface GuardedResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const systemLookup: LookupAll = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/** Whether an allow-list entry covers the host (and port). */
export function hostAllowed(allow: readonly string[], hostname: string, port: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return allow.some((entry) => {
    const [pattern, p] = entry.toLowerCase().split(/:(?=\d+$)/) as [string, string | undefined];
    if (p !== undefined && p !== port) return false;
    return pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) && host.length > pattern.length - 1 : host === pattern;
  });
}

/** Only global unicast addresses: loopback, private, link-local, CGNAT, reserved, multicast... are refused. */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/**
 * Checks a plugin's request before any socket opens: scheme, allow-list, then every address the
 * name resolves to (all must be public unless private ones are allowed); then connects to the
 * checked address only (no second lookup to rebind), with a time cap and a size cap.
 */
export async function guardedFetch(req: GuardedRequest, policy: FetchPolicy): Promise<GuardedResponse> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw SandboxErrors.invalidUrl(undefined, 'http.fetch: not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw SandboxErrors.invalidUrl(undefined, 'http.fetch: only http and https URLs');
  if (url.username || url.password)
    throw SandboxErrors.invalidUrl(undefined, 'http.fetch: credentials in the URL are not allowed; send a header');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (!hostAllowed(policy.allowHosts, hostname, port))
    throw SandboxErrors.hostNotAllowed(undefined, `http.fetch: ${hostname} is not on the plugin's allow-list`);
  let addresses: { address: string; family: number }[];
  if (net.isIP(hostname)) addresses = [{ address: hostname, family: net.isIP(hostname) }];
  else {
    try {
      addresses = await (policy.lookup ?? systemLookup)(hostname);
    } catch (err) {
      throw SandboxErrors.dnsFailed(
        undefined,
        `http.fetch: ${hostname} does not resolve (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  }
  if (!addresses.length) throw SandboxErrors.dnsFailed(undefined, `http.fetch: ${hostname} does not resolve`);
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => !isPublicAddress(a.address));
    if (bad)
      throw SandboxErrors.addressNotAllowed(undefined, `http.fetch: ${hostname} resolves to a private, loopback or link-local address`);
  }
  const pinned = addresses[0]!;
  return send(url, req, pinned, policy);
}

function send(url: URL, req: GuardedRequest, pinned: { address: string; family: number }, policy: FetchPolicy): Promise<GuardedResponse> {
  const timeoutMs = Math.min(req.timeoutMs ?? policy.timeoutMs, policy.timeoutMs);
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const r = lib.request(url, {
      method: req.method ?? 'GET',
      headers: req.headers,
      timeout: timeoutMs,
      lookup: ((_h: string, opts: { all?: boolean }, cb: (...a: unknown[]) => void) =>
        opts?.all ? cb(null, [pinned]) : cb(null, pinned.address, pinned.family)) as unknown as net.LookupFunction,
    });
    const deadline = setTimeout(
      () => r.destroy(SandboxErrors.fetchTimeout(undefined, `http.fetch: no complete answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    r.on('timeout', () => r.destroy(SandboxErrors.fetchTimeout(undefined, `http.fetch: no answer within ${timeoutMs} ms`)));
    r.on('error', (err) => {
      clearTimeout(deadline);
      reject(err instanceof BaconError ? err : SandboxErrors.fetchFailed(undefined, `http.fetch: ${(err as Error).message}`));
    });
    r.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > policy.maxBytes)
          r.destroy(SandboxErrors.responseTooLarge(undefined, `http.fetch: response larger than ${policy.maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(deadline);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', (err) => r.destroy(err));
    });
    r.end(req.body);
  });
}
