import { defineMessages } from '../i18n/define.js';

/** The reports area's strings (see i18n/define.ts). */
export const reportsMessages = defineMessages('reports', {}, {});
