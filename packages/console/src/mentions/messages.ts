import { defineMessages } from '../i18n/define.js';

/** The mentions area's strings (see i18n/define.ts). */
export const mentionsMessages = defineMessages('mentions', {}, {});
