import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Logger } from '../logs/logger.js';
import type { BusEvent, BusHandler, BusStatus, EventBus } from './event-bus.js';
import { LocalDispatch } from './local-dispatch.js';
import { backoffDelay } from '@bacon/sdk';

/**
 * ioredis options shared by every Redis client of the host: bounded reconnect backoff, no offline
 * queue, and auto-pipelining (commands issued in the same tick go out as one write, so concurrent
 * requests' rate-limit scripts and publishes share a round trip). Subscriber connections turn it off.
 */
export function redisOptions(name: string) {
  return {
    lazyConnect: true,
    enableAutoPipelining: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    connectionName: `bacon-${name}`,
    retryStrategy: (times: number) => backoffDelay(times, 100, 5000),
  };
}

/**
 * Cross-node bus over Redis pub/sub. Local subscribers get an event at once, straight from
 * `publish`; other nodes get it through Redis (each node skips its own echo). While Redis is down
 * the node keeps serving its own traffic, and ioredis reconnects with backoff.
 */
export class RedisBus implements EventBus {
  readonly nodeId = randomUUID();
  private readonly local: LocalDispatch;
  private readonly pub: Redis;
  private readonly sub: Redis;
  private wasDown = false;
  private readonly channel: string;

  constructor(
    url: string,
    private readonly log: Logger,
    prefix = 'bacon:',
  ) {
    this.channel = `${prefix}bus`;
    this.local = new LocalDispatch(log);
    const opts = redisOptions('bus');
    this.pub = new Redis(url, opts);
    this.sub = new Redis(url, { ...opts, enableAutoPipelining: false, connectionName: 'bacon-bus-sub' });
    for (const [role, client] of [
      ['pub', this.pub],
      ['sub', this.sub],
    ] as const) {
      client.on('error', (err) => {
        if (!this.wasDown) log.warn({ role, err: err.message }, 'redis bus: connection problem; serving local traffic only');
        this.wasDown = true;
      });
      client.on('ready', () => {
        if (this.wasDown) log.info({ role }, 'redis bus: reconnected');
        this.wasDown = false;
      });
    }
    this.sub.on('message', (_channel: string, raw: string) => {
      let event: BusEvent;
      try {
        event = JSON.parse(raw) as BusEvent;
      } catch {
        return;
      }
      if (event.origin === this.nodeId) return;
      this.local.dispatch(event);
    });
  }

  /** Connects both clients; resolves even when Redis is down (the host then serves locally). */
  async connect(): Promise<void> {
    await Promise.all([
      this.pub
        .connect()
        .catch((err: Error) => this.log.warn({ err: err.message }, 'redis bus: not reachable at boot; retrying in the background')),
      this.sub
        .connect()
        .then(() => this.sub.subscribe(this.channel))
        .catch((err: Error) =>
          this.log.warn({ err: err.message }, 'redis bus subscriber: not reachable at boot; retrying in the background'),
        ),
    ]);
    // ioredis re-subscribes by itself after a reconnect (autoResubscribe).
  }

  async publish(event: BusEvent): Promise<void> {
    const stamped = { ...event, origin: this.nodeId, at: event.at ?? new Date().toISOString() };
    this.local.dispatch(stamped);
    if (this.pub.status !== 'ready') return;
    try {
      await this.pub.publish(this.channel, JSON.stringify(stamped));
    } catch (err) {
      this.log.warn({ err: (err as Error).message, topic: event.topic }, 'redis bus: publish failed; delivered locally only');
    }
  }

  subscribe(pattern: string, handler: BusHandler): () => void {
    return this.local.subscribe(pattern, handler);
  }

  async status(): Promise<BusStatus> {
    if (this.pub.status !== 'ready' || this.sub.status !== 'ready') return { kind: 'redis', ok: false, detail: `redis ${this.pub.status}` };
    try {
      await withTimeout(this.pub.ping(), 1000);
      return { kind: 'redis', ok: true };
    } catch (err) {
      return { kind: 'redis', ok: false, detail: (err as Error).message };
    }
  }

  async close(): Promise<void> {
    this.local.clear();
    this.pub.disconnect();
    this.sub.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e) => (clearTimeout(t), reject(e)),
    );
  });
}
