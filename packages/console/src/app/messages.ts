import { defineMessages } from '../i18n/define.js';

/** The app area's strings (see i18n/define.ts). */
export const appMessages = defineMessages('app', {}, {});
