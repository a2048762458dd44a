import { defineMessages } from '../i18n/define.js';

/** The admin area's strings (see i18n/define.ts). */
export const adminMessages = defineMessages('admin', {}, {});
