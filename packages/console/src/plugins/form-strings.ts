import { replaceStringParameters, TranslatableString } from '@rjsf/utils';
import { t, type MessageKey } from '../i18n/i18n.js';

const NAME_OF = new Map<string, string>(Object.entries(TranslatableString).map(([name, text]) => [text, name]));

/** rjsf's `translateString`: its own texts in the console's language (`formMessages`), parameters filled in. */
export function translateFormString(text: TranslatableString, params?: string[]): string {
  const name = NAME_OF.get(text);
  return replaceStringParameters(name ? t(`plugins.form.${name}` as MessageKey) : text, params);
}
