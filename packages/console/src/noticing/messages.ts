import { defineMessages } from '../i18n/define.js';

/** The noticing area's strings (see i18n/define.ts). */
export const noticingMessages = defineMessages(
  'noticing',
  {
    'noticing.newConversation': 'New conversation',
    'noticing.newMessage': 'New message',
    'noticing.mentionedYou': '{name} mentioned you',
    'noticing.automation': 'Automation',
    'noticing.aTeammate': 'A teammate',
    'noticing.toast': '{title}: {body}',
  },
  {
    'noticing.newConversation': 'Nouvelle conversation',
    'noticing.newMessage': 'Nouveau message',
    'noticing.mentionedYou': '{name} vous a mentionné',
    'noticing.automation': "L'automatisation",
    'noticing.aTeammate': "Un membre de l'équipe",
    'noticing.toast': '{title} : {body}',
  },
);
