import { renderMarkdown } from '@bacon/inbox-contract';
import type { Component, PublicMessage } from './types.js';
import { shortTime, type Translate } from './i18n.js';
import { attachmentView, type FileLoader } from './attachment-view.js';
import { agentBadge, type AgentLookup } from './message-marks.js';

/** What a click on a rich message sends back: the visible text and the machine value. */
export type ReplyHandler = (reply: { label: string; value: string }) => void;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

const safeUrl = (u: unknown): string | undefined => (typeof u === 'string' && /^https?:\/\//i.test(u) ? u : undefined);

function image(src: unknown, alt: string): HTMLImageElement | undefined {
  const url = safeUrl(src);
  if (!url) return undefined;
  const img = el('img');
  img.src = url;
  img.alt = alt;
  img.loading = 'lazy';
  return img;
}

function replyButtons(label: string, options: { label: string; value: string }[], onReply: ReplyHandler): HTMLElement {
  const group = el('div', 'replies');
  group.setAttribute('role', 'group');
  group.setAttribute('aria-label', label);
  for (const o of options) {
    const b = el('button', 'reply', o.label);
    b.type = 'button';
    b.addEventListener('click', () => {
      for (const other of group.querySelectorAll('button')) other.disabled = true;
      b.setAttribute('aria-pressed', 'true');
      onReply(o);
    });
    group.append(b);
  }
  return group;
}

/**
 * Text as the safe Markdown subset: the contract's renderer escapes every character of the input
 * and writes only its own fixed tags, so its output is the one string set as HTML here.
 */
function markdown(text: string): HTMLElement {
  const box = el('div', 'md');
  box.innerHTML = renderMarkdown(text);
  return box;
}

/** One component as DOM (text only through textContent or the Markdown renderer: nothing a message says becomes markup). */
export function renderComponent(c: Component, onReply: ReplyHandler, t: Translate): HTMLElement {
  switch (c.type) {
    case 'card': {
      const box = el('div', 'card');
      const img = image(c.imageUrl, '');
      if (img) box.append(img);
      box.append(el('strong', 'title', String(c.title ?? '')));
      if (c.text) box.append(el('p', undefined, String(c.text)));
      const buttons = Array.isArray(c.buttons) ? (c.buttons as { label: string; value?: string; url?: string }[]) : [];
      const links = buttons.filter((b) => safeUrl(b.url));
      for (const b of links) {
        const a = el('a', 'link', b.label);
        a.href = safeUrl(b.url)!;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        box.append(a);
      }
      const values = buttons.filter((b) => !safeUrl(b.url)).map((b) => ({ label: b.label, value: b.value ?? b.label }));
      if (values.length) box.append(replyButtons(String(c.title ?? t('options')), values, onReply));
      return box;
    }
    case 'product': {
      const box = el('div', 'card product');
      const img = image(c.imageUrl, String(c.title ?? ''));
      if (img) box.append(img);
      box.append(el('strong', 'title', String(c.title ?? '')));
      if (c.price) box.append(el('span', 'price', String(c.price)));
      const url = safeUrl(c.url);
      if (url) {
        const a = el('a', 'link', t('viewProduct'));
        a.href = url;
        a.target = '_blank';
        a.rel = 'noopener noreferrer';
        a.setAttribute('aria-label', t('viewNamed', { name: String(c.title ?? t('product')) }));
        box.append(a);
      }
      return box;
    }
    case 'quick_replies': {
      const box = el('div', 'quick');
      box.append(el('p', undefined, String(c.text ?? '')));
      const options = Array.isArray(c.options) ? (c.options as { label: string; value: string }[]) : [];
      box.append(replyButtons(t('quickReplies'), options, onReply));
      return box;
    }
    case 'survey': {
      const box = el('div', 'survey');
      const question = String(c.question ?? '');
      box.append(el('p', undefined, question));
      const scale = Math.min(10, Math.max(2, Number(c.scale) || 5));
      box.append(
        replyButtons(
          question || t('rating'),
          Array.from({ length: scale }, (_, i) => ({ label: String(i + 1), value: String(i + 1) })),
          onReply,
        ),
      );
      return box;
    }
    default:
      return markdown(typeof c.text === 'string' ? c.text : '');
  }
}

/** A message bubble: its components (or its text), then its attachments (images inline). */
export function renderMessage(
  m: PublicMessage,
  onReply: ReplyHandler,
  lang: { locale: string; t: Translate },
  loadFile?: FileLoader,
  agent?: AgentLookup,
): HTMLElement {
  const { t } = lang;
  const item = el('div', `msg ${m.author === 'visitor' ? 'mine' : 'theirs'}`);
  item.dataset.seq = String(m.seq);
  const who = t(m.author === 'visitor' ? 'you' : m.author === 'agent' ? 'agent' : m.author === 'bot' ? 'bot' : 'notice');
  if (m.agentId && agent) item.append(agentBadge(m.agentId, agent));
  item.append(el('span', 'sr', `${who}: `));
  const components = m.components?.length ? m.components : [{ type: 'text', text: m.text }];
  // A component list that does not start with text still shows the message text first.
  if (m.components?.length && !components.some((c) => c.type === 'text' || c.type === 'quick_replies') && m.text)
    item.append(markdown(m.text));
  for (const c of components) item.append(renderComponent(c, onReply, t));
  for (const a of m.attachments ?? []) item.append(attachmentView(a, loadFile));
  const time = shortTime(lang.locale, m.createdAt);
  if (time) {
    const stamp = el('time', 'at', time);
    stamp.dateTime = m.createdAt;
    stamp.title = t('sentAt', { time });
    item.append(stamp);
  }
  return item;
}
