import { defineMessages } from '../i18n/define.js';

/** The contacts area's strings (see i18n/define.ts). */
export const contactsMessages = defineMessages('contacts', {}, {});
