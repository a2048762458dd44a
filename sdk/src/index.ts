export * from './errors.js';
export * from './http.js';
export * from './plugin.js';
export * from './channel.js';
