export { realtimeModule, realtimeService } from './realtime-module.js';
export type { RealtimeOptions } from './realtime-module.js';
export { RealtimeHub } from './realtime-hub.js';
export type { SocketAuthenticator, AgentPrincipal, VisitorPrincipal } from './realtime-hub.js';
export { toEnvelope, BusBridge } from './bus-bridge.js';
export { RoomRegistry } from './room-registry.js';
export { pendingOutput, isSlowConsumer, DEFAULT_BACKPRESSURE } from './backpressure.js';
export type { BackpressureLimits } from './backpressure.js';
export { rooms, parseRoom } from './rooms.js';
