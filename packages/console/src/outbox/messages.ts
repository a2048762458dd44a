import { defineMessages } from '../i18n/define.js';

/** The outbox area's strings (see i18n/define.ts). */
export const outboxMessages = defineMessages('outbox', {}, {});
