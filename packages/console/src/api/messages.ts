import { defineMessages } from '../i18n/define.js';

/** The api area's strings (see i18n/define.ts). */
export const apiMessages = defineMessages('api', {}, {});
