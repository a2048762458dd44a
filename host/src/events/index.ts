export { createEventLog, PRUNE_QUEUE, type EventLog, type EventLogOptions } from './event-log.js';
export { registerEventRoutes } from './event-routes.js';
export { sequenceEvents } from './sequence-events.js';
export { pruneEvents } from './prune-events.js';
export { appendEvents } from './append-events.js';
export { EventErrors } from './event-errors.js';
