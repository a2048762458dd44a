import { defineMessages } from '../i18n/define.js';

/** The ui area's strings (see i18n/define.ts). */
export const uiMessages = defineMessages('ui', {}, {});
