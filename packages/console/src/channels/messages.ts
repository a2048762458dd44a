import { defineMessages } from '../i18n/define.js';

/** The channels area's strings (see i18n/define.ts). */
export const channelsMessages = defineMessages('channels', {}, {});
