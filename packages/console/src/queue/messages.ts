import { defineMessages } from '../i18n/define.js';

/** The queue area's strings (see i18n/define.ts). */
export const queueMessages = defineMessages('queue', {}, {});
