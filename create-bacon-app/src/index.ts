export { randomSecret, freshSecrets, fillEnv } from './secrets.js';
