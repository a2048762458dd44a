import { Server } from 'socket.io';
import { Gauge, Counter } from 'prom-client';
import type { PluginRealtime } from '@bacon/sdk';
import { defineModule } from '../kernel/host-module.js';
import { defineService } from '../kernel/service-ref.js';
import { authService } from '../auth/auth-runtime.js';
import { RealtimeHub } from './realtime-hub.js';
import { socketAuthenticator } from './socket-auth.js';
import { BusBridge } from './bus-bridge.js';
import { connectRealtimeRedis, type RealtimeRedis } from './redis-adapter.js';
import { DEFAULT_BACKPRESSURE, type BackpressureLimits } from './backpressure.js';

export interface RealtimeOptions {
  backpressure?: Partial<BackpressureLimits>;
  /** Most missed events one join (or one room of a sync) answers; the client asks again for the rest. */
  catchUpLimit?: number;
  maxSyncRooms?: number;
  /** socket.io ping interval (ms); dead peers are noticed within interval + timeout. */
  pingIntervalMs?: number;
}

/** The socket transport, for the trusted plugins that declare `services: ['realtime']`. */
export const realtimeService = defineService<PluginRealtime>('realtime');

/** Largest client packet (a typing or sync event; data goes over HTTP). */
const MAX_CLIENT_PACKET = 64 * 1024;

/**
 * The realtime transport as kernel equipment: socket.io on the host's HTTP server, namespaces
 * `/agent` (access token) and `/widget` (visitor token), plugin rooms and the bus events plugins
 * forward to them, the Redis
 * adapter across hosts when REDIS_URL is set. Needs `auth` (it verifies handshakes with its keys);
 * provides `realtime` to the trusted plugins that declare it.
 */
export function realtimeModule(opts: RealtimeOptions = {}) {
  let io: Server | undefined;
  let hub: RealtimeHub | undefined;
  let redis: RealtimeRedis | undefined;
  let bridge: BusBridge | undefined;
  let resyncTimer: NodeJS.Timeout | undefined;

  return defineModule({
    name: 'realtime',
    needs: { auth: authService },
    provides: { realtime: realtimeService },
    async start(services, needs) {
      const { config, log: hostLog, bus, server, metrics } = services;
      const log = hostLog.child({ module: 'realtime' });
      const auth = () => needs.auth;
      io = new Server(server, {
        serveClient: false,
        transports: ['polling', 'websocket'],
        maxHttpBufferSize: MAX_CLIENT_PACKET,
        pingInterval: opts.pingIntervalMs ?? 25_000,
        cors: {
          // Cross-origin polling from customer sites: any origin some site key lists. The visitor
          // token's own site is checked at the handshake.
          origin: (origin, cb) => {
            if (!origin) return cb(null, true);
            auth()
              .siteKeys.originAllowed(origin)
              .then(
                (ok) => cb(null, ok),
                () => cb(null, false),
              );
          },
          credentials: false,
        },
      });
      hub = new RealtimeHub(io, socketAuthenticator(auth), log, {
        backpressure: { ...DEFAULT_BACKPRESSURE, ...opts.backpressure },
        catchUpLimit: opts.catchUpLimit ?? 500,
        maxSyncRooms: opts.maxSyncRooms ?? 200,
      });
      const theHub = hub;
      if (config.redisUrl) {
        redis = await connectRealtimeRedis(config.redisUrl, config.redisPrefix, log, () => {
          // Events published during the outage never reached the other hosts: once the bus is
          // back too, every socket re-reads what it missed from the database.
          const deadline = Date.now() + 30_000;
          const tick = async () => {
            const ok = (await bus.status().catch(() => ({ ok: false }))).ok;
            if (ok || Date.now() > deadline) {
              resyncTimer = undefined;
              theHub.requireSync('redis_reconnected');
              return;
            }
            resyncTimer = setTimeout(() => void tick(), 100);
          };
          clearTimeout(resyncTimer);
          void tick();
        });
        io.adapter(redis.adapter);
      }
      const theBridge = (bridge = new BusBridge(bus, (envelope) => theHub.deliver(envelope)));

      registerMetrics(metrics.registry, theHub);

      const api: PluginRealtime = {
        roomKind: (kind, o) => theHub.registry.roomKind(kind, o),
        addCatchUpSource: (kind, source) => theHub.registry.addCatchUpSource(kind, source),
        forward: (pattern, route) => theBridge.forward(pattern, route),
        project: (audience, prefix, projection) => theHub.registry.project(audience, prefix, projection),
        onWidget: (event, handler) => theHub.on('widget', event, handler),
        onAgent: (event, handler) => theHub.on('agent', event, handler),
        emitEphemeral: (envelope, to) => theHub.emitEphemeral(envelope, to),
      };
      log.debug({ redis: !!redis }, 'realtime: socket.io attached');
      return { realtime: api };
    },
    async stop() {
      clearTimeout(resyncTimer);
      bridge?.close();
      hub?.close();
      if (io) {
        io.local.disconnectSockets(true);
        for (const nsp of [io.of('/agent'), io.of('/widget')]) nsp.local.disconnectSockets(true);
        io.engine.close();
      }
      await redis?.close();
    },
  });
}

/** Sockets per namespace and the backpressure counters, on the host's registry. */
function registerMetrics(registry: import('prom-client').Registry, hub: RealtimeHub): void {
  for (const name of ['bacon_realtime_sockets', 'bacon_realtime_slow_consumers_total', 'bacon_realtime_sync_required_total'])
    registry.removeSingleMetric(name);
  new Gauge({
    name: 'bacon_realtime_sockets',
    help: 'Connected sockets on this host, by namespace',
    labelNames: ['namespace'],
    registers: [registry],
    collect() {
      this.set({ namespace: 'agent' }, hub.agents.sockets.size);
      this.set({ namespace: 'widget' }, hub.widgets.sockets.size);
    },
  });
  const slow = new Counter({
    name: 'bacon_realtime_slow_consumers_total',
    help: 'Sockets switched to catch-up mode for not reading fast enough',
    registers: [registry],
  });
  const sync = new Counter({
    name: 'bacon_realtime_sync_required_total',
    help: 'Times this host told its sockets to sync',
    registers: [registry],
  });
  hub.onStat = (stat) => (stat === 'slowConsumers' ? slow.inc() : sync.inc());
}
