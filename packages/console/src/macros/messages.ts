import { defineMessages } from '../i18n/define.js';

/** The macros area's strings (see i18n/define.ts). */
export const macrosMessages = defineMessages('macros', {}, {});
