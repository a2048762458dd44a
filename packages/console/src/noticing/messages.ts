import { defineMessages } from '../i18n/define.js';

/** The noticing area's strings (see i18n/define.ts). */
export const noticingMessages = defineMessages('noticing', {}, {});
