import { defineMessages } from '../i18n/define.js';

/** The realtime area's strings (see i18n/define.ts). */
export const realtimeMessages = defineMessages('realtime', {}, {});
