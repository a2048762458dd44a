import { defineMessages } from '../i18n/define.js';

/** The shortcuts area's strings (see i18n/define.ts). */
export const shortcutsMessages = defineMessages('shortcuts', {}, {});
