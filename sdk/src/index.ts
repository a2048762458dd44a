export * from './errors.js';
export * from './http.js';
export * from './plugin.js';
export * from './capabilities.js';
export * from './channel.js';
export * from './realtime.js';
export * from './host-services.js';
export * from './transaction.js';
