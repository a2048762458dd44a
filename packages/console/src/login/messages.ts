import { defineMessages } from '../i18n/define.js';

/** The login area's strings (see i18n/define.ts). */
export const loginMessages = defineMessages('login', {}, {});
