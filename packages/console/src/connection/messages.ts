import { defineMessages } from '../i18n/define.js';

/** The connection area's strings (see i18n/define.ts). */
export const connectionMessages = defineMessages(
  'connection',
  {
    'connection.offline': 'You are offline. Replies you send are kept and will go out when the connection returns.',
    'connection.connecting': 'Connecting to live updates…',
    'connection.reconnecting': 'Live updates interrupted. Reconnecting; missed messages will be filled in.',
    'connection.sending_one': 'Sending {count} queued reply…',
    'connection.sending_other': 'Sending {count} queued replies…',
    'connection.waiting': ' {count} waiting to send.',
  },
  {
    'connection.offline': 'Vous êtes hors ligne. Les réponses envoyées sont conservées et partiront au retour de la connexion.',
    'connection.connecting': 'Connexion aux mises à jour en direct…',
    'connection.reconnecting': 'Mises à jour en direct interrompues. Reconnexion ; les messages manqués seront ajoutés.',
    'connection.sending_one': 'Envoi de {count} réponse en attente…',
    'connection.sending_other': 'Envoi de {count} réponses en attente…',
    'connection.waiting': ' {count} en attente d’envoi.',
  },
);
