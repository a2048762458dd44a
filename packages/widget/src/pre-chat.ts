import type { Appearance } from './types.js';
import type { MessageKey, Translate } from './i18n.js';

type Field = 'name' | 'email';

/**
 * The line above the composer before the first message: the expected reply time (or, out of
 * hours, that the answer comes by email), and the site's pre-chat fields. Out of hours the email
 * is asked for whatever the form says.
 */
export function preChat(t: Translate, a: Appearance) {
  const box = document.createElement('div');
  box.className = 'pre';
  const note = document.createElement('p');
  note.textContent = a.open === false ? t('away') : t(`reply_${a.replyTime ?? 'hours'}` as MessageKey);
  box.append(note);
  const mode = (f: Field) => (f === 'email' && a.open === false ? 'required' : (a.preChat?.[f] ?? 'off'));
  const inputs: Partial<Record<Field, HTMLInputElement>> = {};
  for (const f of ['name', 'email'] as const) {
    if (mode(f) === 'off') continue;
    const label = document.createElement('label');
    const input = document.createElement('input');
    input.type = f === 'email' ? 'email' : 'text';
    input.name = f;
    input.autocomplete = f;
    input.required = mode(f) === 'required';
    label.append(t(f === 'email' ? 'yourEmail' : 'yourName') + (input.required ? ' *' : ''), input);
    box.append(label);
    inputs[f] = input;
  }
  return {
    box,
    /** The fields' values, or an error text naming what is missing or malformed. */
    values(): { name?: string; email?: string } | string {
      const out: { name?: string; email?: string } = {};
      for (const [f, input] of Object.entries(inputs) as [Field, HTMLInputElement][]) {
        const v = input.value.trim();
        if (!input.checkValidity() || (input.required && !v)) return t('fillIn', { field: t(f === 'email' ? 'yourEmail' : 'yourName') });
        if (v) out[f] = v;
      }
      return out;
    },
  };
}
