import { defineMessages } from '../i18n/define.js';

/** The automation area's strings (see i18n/define.ts). */
export const automationMessages = defineMessages('automation', {}, {});
