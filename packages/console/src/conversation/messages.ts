import { defineMessages } from '../i18n/define.js';

/** The conversation area's strings (see i18n/define.ts). */
export const conversationMessages = defineMessages('conversation', {}, {});
