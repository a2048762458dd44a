import { createHmac, timingSafeEqual } from 'node:crypto';
import nock from 'nock';

export { zapierOpenApi } from './openapi.js';

/** One delivery a fake Zap received. */
export interface ReceivedHook {
  path: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface FakeZapier {
  /** Deliveries received, in order. */
  received: ReceivedHook[];
  /** A fresh hook URL on hooks.zapier.com, as Zapier would send in `bundle.targetUrl`. */
  hookUrl(name?: string): string;
  /** The next deliveries to `hookUrl` answer these statuses instead of 200 (410 ends the subscription); none: 200 again from now on. */
  answerNext(hookUrl: string, ...statuses: number[]): void;
  /** Removes the fake's interceptor. */
  stop(): void;
  /** Puts it back after a `nock.cleanAll()` (deliveries kept). */
  start(): void;
}

/**
 * A fake Zapier for your own tests, without Zapier: a nock interceptor on https://hooks.zapier.com
 * that takes every delivery (200, or the statuses you queue) and records it. Needs `nock`.
 */
export function fakeZapier(): FakeZapier {
  const queued = new Map<string, number[]>();
  let interceptor: nock.Interceptor | undefined;
  let n = 0;
  const fake: FakeZapier = {
    received: [],
    hookUrl: (name = 'zap') => `https://hooks.zapier.com/hooks/standard/1234567/${name}-${++n}/`,
    answerNext: (url, ...statuses) => {
      const path = new URL(url).pathname;
      if (!statuses.length) queued.delete(path);
      else queued.set(path, [...(queued.get(path) ?? []), ...statuses]);
    },
    stop: () => {
      if (interceptor) nock.removeInterceptor(interceptor);
      interceptor = undefined;
    },
    start: () => {
      fake.stop();
      interceptor = nock('https://hooks.zapier.com')
        .persist()
        .post(/^\/hooks\//);
      interceptor.reply(function (uri, body) {
        const headers = Object.fromEntries(Object.entries(this.req.headers).map(([k, v]) => [k, String(v)]));
        fake.received.push({ path: uri, headers, body: body as Record<string, unknown> });
        const status = queued.get(uri)?.shift();
        return status ? [status, { status: 'error' }] : [200, { status: 'success', attempt: 'fake', id: `fake-${fake.received.length}` }];
      });
    },
  };
  fake.start();
  return fake;
}

/**
 * Checks a signed webhook the way a receiver should: the HMAC-SHA256 of `"<timestamp>.<raw body>"`
 * keyed by the shared secret, compared in constant time, and a timestamp no older than `toleranceSec`.
 */
export function verifyBaconSignature(
  secret: string,
  headers: Record<string, string | undefined>,
  rawBody: string,
  opts: { toleranceSec?: number; now?: number } = {},
): boolean {
  const ts = Number(headers['x-bacon-timestamp']);
  const sig = headers['x-bacon-signature'] ?? '';
  if (!Number.isInteger(ts) || Math.abs((opts.now ?? Date.now()) / 1000 - ts) > (opts.toleranceSec ?? 300)) return false;
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${ts}.${rawBody}`).digest('hex')}`);
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
