import { defineMessages } from '../i18n/define.js';

/** The inbox area's strings (see i18n/define.ts). */
export const inboxMessages = defineMessages('inbox', {}, {});
