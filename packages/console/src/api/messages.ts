import { defineMessages } from '../i18n/define.js';

/** The api area's strings: the error texts the console writes itself (see i18n/define.ts). */
export const apiMessages = defineMessages(
  'api',
  {
    'api.network': 'Bacon cannot be reached. Check your connection.',
    'api.serverAnswered': 'The server answered {status}.',
    'api.somethingWrong': 'Something went wrong.',
    'api.isInvalid': 'is invalid',
    'api.noToken': 'The server did not return an access token.',
    'api.tryAgainIn': 'Too many attempts; try again in {wait}.',
    'api.seconds_one': '{count} second',
    'api.seconds_other': '{count} seconds',
    'api.minutes_one': '{count} minute',
    'api.minutes_other': '{count} minutes',
    'api.hours_one': '{count} hour',
    'api.hours_other': '{count} hours',
  },
  {
    'api.network': 'Impossible de joindre Bacon. Vérifiez votre connexion.',
    'api.serverAnswered': 'Le serveur a répondu {status}.',
    'api.somethingWrong': 'Une erreur est survenue.',
    'api.isInvalid': "n'est pas valide",
    'api.noToken': "Le serveur n'a pas renvoyé de jeton d'accès.",
    'api.tryAgainIn': 'Trop de tentatives ; réessayez dans {wait}.',
    'api.seconds_one': '{count} seconde',
    'api.seconds_other': '{count} secondes',
    'api.minutes_one': '{count} minute',
    'api.minutes_other': '{count} minutes',
    'api.hours_one': '{count} heure',
    'api.hours_other': '{count} heures',
  },
);
