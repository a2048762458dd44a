import type { Translate } from './i18n.js';
import { fileSize, typeNames } from './attachment-view.js';

export interface UploadLimits {
  maxBytes: number;
  types: string[];
}

/**
 * The composer's file picker: a paperclip button over a hidden file input, the limits written
 * under the composer (before anything is chosen), and dropping a file anywhere on the panel.
 */
export function filePicker(panel: HTMLElement, t: Translate, onFile: (file: File) => void) {
  const input = document.createElement('input');
  input.type = 'file';
  input.hidden = true;
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    input.value = '';
    if (f) onFile(f);
  });
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'attach';
  button.textContent = '📎';
  button.setAttribute('aria-label', t('attach'));
  button.addEventListener('click', () => input.click());
  const limits = document.createElement('p');
  limits.className = 'limits';
  limits.id = 'bacon-limits';
  button.setAttribute('aria-describedby', limits.id);
  panel.addEventListener('dragover', (e) => {
    e.preventDefault();
    panel.classList.add('drag');
  });
  panel.addEventListener('dragleave', () => panel.classList.remove('drag'));
  panel.addEventListener('drop', (e) => {
    e.preventDefault();
    panel.classList.remove('drag');
    const f = e.dataTransfer?.files[0];
    if (f) onFile(f);
  });
  return {
    button,
    input,
    limits,
    /** Shows the site's limits; with no allowed type the picker goes away. */
    show(u: UploadLimits | undefined) {
      button.hidden = limits.hidden = !u?.types.length;
      if (u) {
        input.accept = u.types.join(',');
        limits.textContent = t('fileLimits', { size: fileSize(u.maxBytes), types: typeNames(u.types) });
      }
    },
  };
}

/** Checks a file against the limits in the browser (the host checks again): an error text, or undefined. */
export function refuseFile(file: File, u: UploadLimits, t: Translate): string | undefined {
  if (!u.types.includes(file.type)) return t('fileTypeRefused', { types: typeNames(u.types) });
  if (file.size > u.maxBytes) return t('fileTooBig', { size: fileSize(u.maxBytes) });
  return undefined;
}
