import { defineMessages } from '../i18n/define.js';

/** The search area's strings (see i18n/define.ts). */
export const searchMessages = defineMessages('search', {}, {});
