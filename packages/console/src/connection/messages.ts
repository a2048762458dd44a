import { defineMessages } from '../i18n/define.js';

/** The connection area's strings (see i18n/define.ts). */
export const connectionMessages = defineMessages('connection', {}, {});
