import type { ReactNode } from 'react';

/** The text with every word of the query (as a prefix, case-insensitive) wrapped in <mark>. */
export function highlight(text: string, query: string): ReactNode[] {
  const words = (query.toLowerCase().match(/[\p{L}\p{N}@._+-]+/gu) ?? []).filter(Boolean);
  if (!words.length) return [text];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length);
  const parts = text.split(new RegExp(`(${escaped.join('|')})`, 'giu'));
  return parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : p));
}
