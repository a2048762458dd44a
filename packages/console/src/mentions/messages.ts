import { defineMessages } from '../i18n/define.js';

/** The mentions area's strings (see i18n/define.ts). */
export const mentionsMessages = defineMessages(
  'mentions',
  {
    'mentions.label': 'Mention a teammate',
    'mentions.nobody': 'Nobody matches',
  },
  {
    'mentions.label': "Mentionner un membre de l'équipe",
    'mentions.nobody': 'Personne ne correspond',
  },
);
