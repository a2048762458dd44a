import { defineMessages } from '../i18n/define.js';

/** The login area's strings (see i18n/define.ts). */
export const loginMessages = defineMessages(
  'login',
  {
    'login.title': 'Sign in to your inbox',
    'login.email': 'Email',
    'login.password': 'Password',
    'login.signingIn': 'Signing in…',
    'login.signIn': 'Sign in',
  },
  {
    'login.title': 'Connectez-vous à votre boîte de réception',
    'login.email': 'E-mail',
    'login.password': 'Mot de passe',
    'login.signingIn': 'Connexion…',
    'login.signIn': 'Se connecter',
  },
);
