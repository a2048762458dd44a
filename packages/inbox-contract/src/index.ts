/**
 * `@bacon/inbox-contract`: what the inbox promises other plugins and the console. The inbox
 * implements it; channels, the console and later plugins import it beside `@bacon/sdk`.
 * Pure TypeScript with no runtime dependency: the console bundles it for the browser.
 */
export type * from './types.js';
export type * from './inbox-api.js';
export * from './events.js';
export * from './schemas.js';
export * from './transitions.js';
export * from './views.js';
export * from './render-macro.js';
export * from './markdown.js';
export * from './business-hours.js';
export * from './i18n.js';
