import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from '../logs/logger.js';
import { redisOptions } from '../bus/index.js';

export interface RealtimeRedis {
  adapter: ReturnType<typeof createAdapter>;
  /** The publishing client (ready for commands when Redis is up); rate limits share it. */
  pub: Redis;
  close(): Promise<void>;
}

/**
 * The socket.io Redis adapter on its own pub/sub connections (channels under the install's
 * prefix). It carries the ephemeral events (typing, read) between hosts. While Redis is down a
 * publish is dropped (logged once) instead of queued; when the subscriber comes back,
 * `onReconnect` runs, because any event of the outage may have been lost on the way.
 */
export async function connectRealtimeRedis(url: string, prefix: string, log: Logger, onReconnect: () => void): Promise<RealtimeRedis> {
  const pub = new Redis(url, redisOptions('realtime-pub'));
  // The subscriber queues its (p)subscribe commands until it is connected, and ioredis replays
  // subscriptions after each reconnect.
  const sub = new Redis(url, {
    ...redisOptions('realtime-sub'),
    enableAutoPipelining: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
  });
  let down = false;
  for (const [role, client] of [
    ['pub', pub],
    ['sub', sub],
  ] as const) {
    client.on('error', (err: Error) => {
      if (!down) log.warn({ role, err: err.message }, "realtime: Redis connection problem; serving this host's sockets only");
      down = true;
    });
  }
  // A lost connection counts as an outage even when Redis is back before any reconnect attempt
  // fails (then ioredis emits no error): events may have been published while it was gone.
  let connected = false;
  sub.on('close', () => {
    if (connected) down = true;
    connected = false;
  });
  sub.on('ready', () => {
    connected = true;
    if (!down) return;
    down = false;
    log.info('realtime: Redis is back');
    onReconnect();
  });
  await pub
    .connect()
    .catch((err: Error) => log.warn({ err: err.message }, 'realtime: Redis not reachable at boot; retrying in the background'));
  void sub.connect().catch(() => undefined);
  // The adapter calls publish without handling its promise: a refused publish must not become an
  // unhandled rejection. Anything else goes to the real client.
  const safePub = new Proxy(pub, {
    get(target, prop, receiver) {
      if (prop === 'publish') {
        return (channel: string, message: string | Buffer) =>
          target.status === 'ready' ? target.publish(channel, message).catch(() => 0) : Promise.resolve(0);
      }
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const adapter = createAdapter(safePub, sub, { key: `${prefix}socket.io` });
  return {
    adapter,
    pub,
    async close() {
      pub.disconnect();
      sub.disconnect();
    },
  };
}
