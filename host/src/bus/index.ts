import type { Config } from '../config/index.js';
import type { Logger } from '../logs/logger.js';
import type { EventBus } from './event-bus.js';
import { MemoryBus } from './memory-bus.js';
import { RedisBus } from './redis-bus.js';

export type { EventBus, BusEvent, BusHandler, BusStatus } from './event-bus.js';
export { topicMatcher } from './event-bus.js';
export { MemoryBus } from './memory-bus.js';
export { RedisBus, redisOptions } from './redis-bus.js';

/** The Redis bus when REDIS_URL is set, the in-memory one otherwise. */
export async function createBus(config: Config, log: Logger): Promise<EventBus> {
  if (!config.redisUrl) return new MemoryBus(log);
  const bus = new RedisBus(config.redisUrl, log, config.redisPrefix);
  await bus.connect();
  return bus;
}
