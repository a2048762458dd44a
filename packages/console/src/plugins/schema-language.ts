import { SCHEMA_WORDING_EN, type SchemaLanguage, type SchemaWording } from '@bacon/sdk';
import { currentLanguage, t, type MessageKey } from '../i18n/i18n.js';

/** The validation sentences' words and plural rule in the console's current language. */
export function schemaLanguage(): SchemaLanguage {
  const wording = Object.fromEntries(
    Object.keys(SCHEMA_WORDING_EN).map((k) => [k, t(`plugins.schema.${k}` as MessageKey)]),
  ) as unknown as SchemaWording;
  const rules = new Intl.PluralRules(currentLanguage());
  return { wording, plural: (n) => (rules.select(n) === 'one' ? 'one' : 'other') };
}
