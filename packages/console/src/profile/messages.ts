import { defineMessages } from '../i18n/define.js';

/** The profile area's strings (see i18n/define.ts). */
export const profileMessages = defineMessages('profile', {}, {});
