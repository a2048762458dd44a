import { fillIn, pickLanguage } from '@bacon/inbox-contract';

/**
 * The widget's message catalog: every string a visitor reads comes from here. A language is added by
 * adding a catalog with the same keys (a test compares them). The widget follows the visitor's browser
 * languages unless the page sets one (`data-language` on the script tag).
 */
const en = {
  openChat: 'Open chat',
  closeChat: 'Close chat',
  messages: 'Messages',
  yourMessage: 'Your message',
  placeholder: 'Type your message…',
  send: 'Send',
  agentTyping: 'Agent is typing…',
  sendFailed: 'Your message could not be sent. Please try again.',
  answerFailed: 'Your answer could not be sent.',
  you: 'You',
  agent: 'Agent',
  bot: 'Bot',
  notice: 'Notice',
  options: 'Options',
  quickReplies: 'Quick replies',
  rating: 'Rating',
  viewProduct: 'View product',
  viewNamed: 'View {name}',
  product: 'product',
  sentAt: 'Sent at {time}',
  attach: 'Attach a file',
  fileLimits: 'Files up to {size}: {types}',
  fileTooBig: 'This file is too large (up to {size}).',
  fileTypeRefused: 'This kind of file cannot be sent ({types}).',
  uploadFailed: 'The file could not be sent. Please try again.',
  sent: 'Sent',
  delivered: 'Delivered',
  seen: 'Seen',
  reply_minutes: 'We usually reply in a few minutes.',
  reply_hour: 'We usually reply within an hour.',
  reply_hours: 'We usually reply in a few hours.',
  reply_day: 'We usually reply within a day.',
  away: "We're away right now. Leave your email and we'll answer you there.",
  yourName: 'Your name',
  yourEmail: 'Your email',
  fillIn: 'Please fill in {field}.',
  /** The defaults a site key starts with: shown translated until the site writes its own. */
  defaultTitle: 'Chat with us',
  defaultGreeting: 'Hi! How can we help?',
};

export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;

const fr: Catalog = {
  openChat: 'Ouvrir la discussion',
  closeChat: 'Fermer la discussion',
  messages: 'Messages',
  yourMessage: 'Votre message',
  placeholder: 'Écrivez votre message…',
  send: 'Envoyer',
  agentTyping: 'Un conseiller écrit…',
  sendFailed: "Votre message n'a pas pu être envoyé. Veuillez réessayer.",
  answerFailed: "Votre réponse n'a pas pu être envoyée.",
  you: 'Vous',
  agent: 'Conseiller',
  bot: 'Robot',
  notice: 'Information',
  options: 'Choix',
  quickReplies: 'Réponses rapides',
  rating: 'Note',
  viewProduct: 'Voir le produit',
  viewNamed: 'Voir {name}',
  product: 'produit',
  sentAt: 'Envoyé à {time}',
  attach: 'Joindre un fichier',
  fileLimits: "Fichiers jusqu'à {size} : {types}",
  fileTooBig: "Ce fichier est trop volumineux (jusqu'à {size}).",
  fileTypeRefused: 'Ce type de fichier ne peut pas être envoyé ({types}).',
  uploadFailed: "Le fichier n'a pas pu être envoyé. Veuillez réessayer.",
  sent: 'Envoyé',
  delivered: 'Distribué',
  seen: 'Vu',
  reply_minutes: 'Nous répondons en général en quelques minutes.',
  reply_hour: 'Nous répondons en général dans l’heure.',
  reply_hours: 'Nous répondons en général en quelques heures.',
  reply_day: 'Nous répondons en général dans la journée.',
  away: 'Nous sommes absents. Laissez votre e-mail, nous vous répondrons par e-mail.',
  yourName: 'Votre nom',
  yourEmail: 'Votre e-mail',
  fillIn: 'Veuillez renseigner : {field}.',
  defaultTitle: 'Discutons',
  defaultGreeting: 'Bonjour ! Comment pouvons-nous vous aider ?',
};

export const CATALOGS: Record<string, Catalog> = { en, fr };
export const DEFAULT_LOCALE = 'en';

/**
 * The first language the widget has a catalog for: the page's own choice first, then the browser's
 * list in order (`fr-CA` matches `fr`), else English.
 */
export function pickLocale(preferred: readonly (string | null | undefined)[]): string {
  return pickLanguage(Object.keys(CATALOGS), preferred, DEFAULT_LOCALE);
}

export type Translate = (key: MessageKey, vars?: Record<string, string>) => string;

/** `t('viewNamed', {name})`: the catalog's text with `{name}` filled in (a missing key falls back to English). */
export function translator(locale: string): Translate {
  const catalog = CATALOGS[locale] ?? en;
  return (key, vars) => fillIn(catalog[key] ?? en[key], vars);
}

/** A site's title or greeting: its own words as written, the untouched English default translated. */
export function siteText(t: Translate, text: string, key: 'defaultTitle' | 'defaultGreeting'): string {
  return text === en[key] ? t(key) : text;
}

/** A message's time, short, in the visitor's language and time zone (empty for an unreadable date). */
export function shortTime(locale: string, iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(d);
}
