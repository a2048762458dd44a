export { randomSecret, freshSecrets, fillEnv } from './secrets.js';
export { createApp, nextSteps } from './create-app.js';
export type { CreateResult } from './create-app.js';
export { parseOptions, UsageError, USAGE } from './options.js';
export type { Options, Example } from './options.js';
export { APP_PACKAGES, PLUGIN_PACKAGES, packageSpecs } from './bacon-packages.js';
export { copyTemplates, COPIED_TEMPLATES } from './templates.js';
