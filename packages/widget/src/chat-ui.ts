import type { Appearance, PublicMessage } from './types.js';
import { renderMessage, type ReplyHandler } from './render-message.js';
import { styles } from './styles.js';
import { siteText, type Translate } from './i18n.js';
import { csatSurvey } from './csat-survey.js';
import { filePicker } from './file-picker.js';
import { preChat } from './pre-chat.js';
import type { FileLoader } from './attachment-view.js';
import { markStates, type AgentLookup, type Receipts } from './message-marks.js';

export interface ChatUiHandlers {
  /** `contact`: the pre-chat fields, with the first message only. */
  onSend(text: string, contact?: { name?: string; email?: string }): Promise<void>;
  onReply: ReplyHandler;
  onToggle(open: boolean): void;
  onTyping(typing: boolean): void;
  /** A file picked or dropped: an error text for the visitor, or undefined once it is sent. */
  onFile(file: File): Promise<string | undefined>;
  loadFile: FileLoader;
  agent: AgentLookup;
}

/**
 * The chat's DOM, in a shadow root so the host page's CSS cannot reach it: a launcher button, a
 * dialog with the transcript (an ARIA log, so screen readers announce new messages), a typing line
 * and the composer. Keyboard: Enter sends (Shift+Enter for a new line), Escape closes.
 */
export class ChatUi {
  private readonly root: ShadowRoot;
  private readonly style = document.createElement('style');
  private readonly launcher = document.createElement('button');
  private readonly panel = document.createElement('section');
  private readonly title = document.createElement('h2');
  private readonly log = document.createElement('div');
  private readonly typingLine = document.createElement('div');
  private readonly errorLine = document.createElement('div');
  private readonly input = document.createElement('textarea');
  private readonly sendButton = document.createElement('button');
  private readonly seen = new Set<number>();
  private typingTimer?: ReturnType<typeof setTimeout>;
  private greeting = '';
  private marks: Receipts = { deliveredSeq: 0, seenSeq: 0 };
  private readonly picker: ReturnType<typeof filePicker>;
  private pre?: ReturnType<typeof preChat>;
  private readonly form = document.createElement('form');

  private readonly t: Translate;
  private readonly locale: string;

  constructor(
    host: HTMLElement,
    private appearance: Appearance,
    lang: { locale: string; t: Translate },
    private readonly handlers: ChatUiHandlers,
  ) {
    const t = (this.t = lang.t);
    this.locale = lang.locale;
    this.root = host.attachShadow({ mode: 'open' });
    this.launcher.className = 'launcher';
    this.launcher.type = 'button';
    this.launcher.setAttribute('aria-controls', 'bacon-panel');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', t('openChat'));
    this.launcher.append(chatIcon());
    this.launcher.addEventListener('click', () => this.toggle(this.panel.hidden));

    this.panel.id = 'bacon-panel';
    this.panel.className = 'panel';
    // Screen readers read the chat in the visitor's language, whatever the page's own.
    this.panel.lang = this.locale;
    this.panel.hidden = true;
    this.panel.setAttribute('role', 'dialog');
    this.panel.setAttribute('aria-labelledby', 'bacon-title');
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') this.toggle(false);
    });
    const header = document.createElement('header');
    this.title.id = 'bacon-title';
    const close = document.createElement('button');
    close.className = 'close';
    close.type = 'button';
    close.setAttribute('aria-label', t('closeChat'));
    close.textContent = '×';
    close.addEventListener('click', () => this.toggle(false));
    header.append(this.title, close);

    this.log.className = 'log';
    this.log.setAttribute('role', 'log');
    this.log.setAttribute('aria-live', 'polite');
    this.log.setAttribute('aria-label', t('messages'));
    this.log.tabIndex = 0;
    this.typingLine.className = 'typing';
    this.typingLine.setAttribute('aria-live', 'polite');
    this.errorLine.className = 'error';
    this.errorLine.setAttribute('role', 'alert');

    const form = this.form;
    const label = document.createElement('label');
    label.className = 'sr';
    label.htmlFor = 'bacon-input';
    label.textContent = t('yourMessage');
    this.input.id = 'bacon-input';
    this.input.rows = 1;
    this.input.placeholder = t('placeholder');
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    this.input.addEventListener('input', () => this.handlers.onTyping(this.input.value.length > 0));
    this.sendButton.className = 'send';
    this.sendButton.type = 'submit';
    this.sendButton.textContent = t('send');
    this.picker = filePicker(this.panel, t, (f) => void this.sendFile(f));
    form.append(label, this.picker.input, this.picker.button, this.input, this.sendButton);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.submit();
    });

    this.panel.append(header, this.log, this.typingLine, this.errorLine, form, this.picker.limits);
    this.root.append(this.style, this.launcher, this.panel);
    this.theme(appearance);
  }

  get isOpen(): boolean {
    return !this.panel.hidden;
  }

  theme(a: Appearance): void {
    this.appearance = a;
    this.style.textContent = styles(a);
    this.title.textContent = siteText(this.t, a.title, 'defaultTitle');
    this.greeting = siteText(this.t, a.greeting, 'defaultGreeting');
    this.picker.show(a.uploads);
    this.pre?.box.remove();
    this.pre = preChat(this.t, a);
    this.form.before(this.pre.box);
    this.pre.box.hidden = this.seen.size > 0;
    this.showGreeting();
  }

  toggle(open: boolean): void {
    if (open === this.isOpen) return;
    this.panel.hidden = !open;
    this.launcher.setAttribute('aria-expanded', String(open));
    this.launcher.setAttribute('aria-label', this.t(open ? 'closeChat' : 'openChat'));
    if (open) {
      this.input.focus();
      this.scrollDown();
    } else this.launcher.focus();
    this.handlers.onToggle(open);
  }

  /** Adds messages in sequence order; a sequence number already shown is skipped. */
  add(list: PublicMessage[]): void {
    for (const m of [...list].sort((a, b) => a.seq - b.seq)) {
      if (this.seen.has(m.seq)) continue;
      this.seen.add(m.seq);
      const node = renderMessage(m, this.handlers.onReply, { locale: this.locale, t: this.t }, this.handlers.loadFile, this.handlers.agent);
      // The greeting stays first: it has no sequence number, so every message goes after it.
      const after = [...this.log.children].find((c) => Number((c as HTMLElement).dataset.seq) > m.seq);
      this.log.insertBefore(node, after ?? null);
      if (m.author !== 'visitor') this.typing(false);
    }
    this.receipts(this.marks);
    if (this.pre) this.pre.box.hidden = this.seen.size > 0;
    this.scrollDown();
  }

  /** The team's delivered / seen marks, written under the visitor's messages. */
  receipts(r: Receipts): void {
    this.marks = { deliveredSeq: Math.max(r.deliveredSeq, this.marks.deliveredSeq), seenSeq: Math.max(r.seenSeq, this.marks.seenSeq) };
    markStates(this.log, this.marks, this.t);
  }

  /** Shows the satisfaction survey at the end of the transcript (once). */
  survey(question: string, answer: (rating: number, comment: string) => Promise<void>): void {
    if (this.log.querySelector('.csat')) return;
    this.log.append(csatSurvey(question, answer));
    this.scrollDown();
  }

  reset(): void {
    this.seen.clear();
    this.marks = { deliveredSeq: 0, seenSeq: 0 };
    this.log.replaceChildren();
    this.showGreeting();
  }

  typing(on: boolean): void {
    clearTimeout(this.typingTimer);
    this.typingLine.textContent = on ? this.t('agentTyping') : '';
    if (on) this.typingTimer = setTimeout(() => (this.typingLine.textContent = ''), 8000);
  }

  error(text: string): void {
    this.errorLine.textContent = text;
  }

  /** The greeting, first in the transcript (made once, its text kept current). */
  private showGreeting(): void {
    let p = this.log.querySelector<HTMLParagraphElement>('p.greet');
    if (!p) {
      p = document.createElement('p');
      p.className = 'greet';
      this.log.prepend(p);
    }
    p.textContent = this.greeting;
  }

  private async submit(): Promise<void> {
    const text = this.input.value.trim();
    if (!text || this.sendButton.disabled) return;
    const contact = this.pre && !this.pre.box.hidden ? this.pre.values() : undefined;
    if (typeof contact === 'string') return this.error(contact);
    this.sendButton.disabled = true;
    this.error('');
    try {
      await this.handlers.onSend(text, contact);
      this.input.value = '';
      this.handlers.onTyping(false);
    } catch {
      this.error(this.t('sendFailed'));
    } finally {
      this.sendButton.disabled = false;
      this.input.focus();
    }
  }

  private async sendFile(file: File): Promise<void> {
    this.error('');
    this.picker.button.disabled = true;
    try {
      this.error((await this.handlers.onFile(file)) ?? '');
    } finally {
      this.picker.button.disabled = false;
    }
  }

  private scrollDown(): void {
    this.log.scrollTop = this.log.scrollHeight;
  }
}

/** A speech-bubble icon drawn in SVG, so it renders whatever fonts the visitor's system has. */
function chatIcon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', '26');
  svg.setAttribute('height', '26');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const bubble = document.createElementNS(ns, 'path');
  bubble.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  bubble.setAttribute('fill', 'currentColor');
  svg.append(bubble);
  return svg;
}
