import type { PublicMessage } from './types.js';

/** Fetches an attachment's bytes with the visitor's token (a plain `<img src>` could not send it). */
export type FileLoader = (url: string) => Promise<Blob>;

type Attachment = NonNullable<PublicMessage['attachments']>[number];

/** `700 KB`, `2.5 MB`. */
export const fileSize = (n: number): string => (n < 1048576 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1048576).toFixed(1)} MB`);

/** `PNG, JPEG, PDF, TXT`: the allowed types as a visitor reads them. */
export const typeNames = (types: string[]): string =>
  types.map((t) => (t === 'text/plain' ? 'TXT' : t.split('/')[1]!.toUpperCase())).join(', ');

/**
 * An attachment in a message: an image shows inline once loaded, any other file is a link that
 * downloads it (under its own name) when clicked.
 */
export function attachmentView(a: Attachment, load: FileLoader | undefined): HTMLElement {
  const label = `📎 ${a.name} (${fileSize(a.size)})`;
  const link = document.createElement('a');
  link.className = 'file';
  link.textContent = label;
  if (!a.url || !load) return link;
  const url = a.url;
  if (a.contentType.startsWith('image/')) {
    const img = document.createElement('img');
    img.className = 'shot';
    img.alt = a.name;
    void load(url).then(
      (blob) => {
        img.src = URL.createObjectURL(blob);
        link.replaceWith(img);
      },
      () => undefined,
    );
    return link;
  }
  link.href = '#';
  link.addEventListener('click', (e) => {
    if (link.download) return;
    e.preventDefault();
    void load(url).then((blob) => {
      link.href = URL.createObjectURL(blob);
      link.download = a.name;
      link.click();
    });
  });
  return link;
}
