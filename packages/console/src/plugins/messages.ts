import { defineMessages } from '../i18n/define.js';

/** The plugins area's strings (see i18n/define.ts). */
export const pluginsMessages = defineMessages('plugins', {}, {});
