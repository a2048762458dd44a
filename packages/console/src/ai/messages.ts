import { defineMessages } from '../i18n/define.js';

/** The ai area's strings (see i18n/define.ts). */
export const aiMessages = defineMessages('ai', {}, {});
