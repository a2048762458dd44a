/**
 * `@bacon/analytics-contract`: what the analytics plugin promises the console and other plugins: the
 * report query, each report's rows (types and JSON schemas), and the durable events it reads and
 * writes. Pure TypeScript with no runtime dependency: the console bundles it for the browser.
 */
export type * from './reports.js';
export * from './report-query.js';
export * from './schemas.js';
export * from './events.js';
export * from './csat-settings.js';
