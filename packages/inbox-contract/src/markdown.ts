/**
 * A safe Markdown subset for message and note bodies, rendered to HTML the same way in the console
 * and the widget: **bold**, *italic* or _italic_, `inline code`, fenced code blocks, `-`/`*` and
 * `1.` lists, [links](https://...) and bare http(s) URLs. Links accept http, https and mailto only
 * and open with `rel="noopener noreferrer"`.
 *
 * Safety comes from the order of work: every character of the input is HTML-escaped first, and the
 * only markup in the output is the fixed set of tags this module writes itself. No input HTML
 * survives, and an href is written only after its scheme passed the allow-list.
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** An href the renderer may write: http, https or mailto, nothing else. */
export function safeHref(url: string): string | undefined {
  return /^(https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(url) ? url : undefined;
}

function link(href: string, text: string): string {
  return `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${escapeHtml(text)}</a>`;
}

// Placeholders for spans set aside before emphasis runs (NUL never survives from the input).
const HOLE = /\u0000(\d+)\u0000/g;

/** One line of inline Markdown as HTML. */
export function renderInline(raw: string): string {
  const held: string[] = [];
  const hold = (html: string) => `\u0000${held.push(html) - 1}\u0000`;
  let s = raw.replace(/\u0000/g, '');
  s = s.replace(/`([^`]+)`/g, (_, code: string) => hold(`<code>${escapeHtml(code)}</code>`));
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole: string, text: string, url: string) => {
    const href = safeHref(url);
    return href ? hold(link(href, text)) : whole;
  });
  s = s.replace(/\bhttps?:\/\/[^\s<>()]*[^\s<>().,;:!?'"]/gi, (url) => hold(link(url, url)));
  s = escapeHtml(s);
  // Each span's content holds no delimiter of its kind, so the tags written always nest properly.
  s = s.replace(/(^|[^\p{L}\p{N}_])_([^_*\s](?:[^_*]*[^_*\s])?)_(?![\p{L}\p{N}_])/gu, '$1<em>$2</em>');
  // Single stars next to another star belong to a bold run: italics first, then bold, then italics
  // again (for *italic around **bold***).
  const italic = (t: string) => t.replace(/(^|[^*])\*([^*\s](?:[^*]*[^*\s])?)\*(?!\*)/g, '$1<em>$2</em>');
  s = italic(s).replace(/\*\*([^*\s](?:[^*]*[^*\s])?)\*\*/g, '<strong>$1</strong>');
  s = italic(s);
  // A held link may hold a code span: restore twice, then drop anything left.
  const restore = (t: string) => t.replace(HOLE, (_, i: string) => held[Number(i)] ?? '');
  return restore(restore(s)).replace(/\u0000/g, '');
}

type Block = { kind: 'p' | 'ul' | 'ol' | 'pre'; lines: string[] };

const BULLET = /^\s{0,3}[-*+]\s+(.*)$/;
const NUMBERED = /^\s{0,3}\d{1,9}[.)]\s+(.*)$/;
const FENCE = /^\s{0,3}```/;

function blocksOf(text: string): Block[] {
  const blocks: Block[] = [];
  let open: Block | undefined;
  let fenced = false;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (fenced) {
      if (FENCE.test(line)) fenced = false;
      else open!.lines.push(line);
      continue;
    }
    if (FENCE.test(line)) {
      blocks.push((open = { kind: 'pre', lines: [] }));
      fenced = true;
      continue;
    }
    const item = BULLET.exec(line) ?? NUMBERED.exec(line);
    const kind = !line.trim() ? undefined : item ? (BULLET.test(line) ? 'ul' : 'ol') : 'p';
    if (!kind) {
      open = undefined;
      continue;
    }
    if (open?.kind !== kind) blocks.push((open = { kind, lines: [] }));
    open.lines.push(item ? item[1]! : line);
  }
  return blocks;
}

/** A whole body as HTML: paragraphs (line breaks kept), lists and code blocks. */
export function renderMarkdown(text: string): string {
  return blocksOf(text)
    .map((b) => {
      if (b.kind === 'pre') return `<pre><code>${escapeHtml(b.lines.join('\n'))}</code></pre>`;
      if (b.kind === 'p') return `<p>${b.lines.map(renderInline).join('<br>')}</p>`;
      return `<${b.kind}>${b.lines.map((l) => `<li>${renderInline(l)}</li>`).join('')}</${b.kind}>`;
    })
    .join('');
}
