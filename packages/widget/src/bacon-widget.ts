import { ChatUi } from './chat-ui.js';
import { SessionStore, type SavedSession } from './session-store.js';
import { WidgetApi, WidgetApiError } from './widget-api.js';
import { WidgetTransport } from './transport.js';
import type { Appearance, Identity, PublicMessage } from './types.js';
import { pickLocale, translator, type Translate } from './i18n.js';
import { refuseFile } from './file-picker.js';
import { watchPages } from './page-views.js';

export type WidgetEvent = 'ready' | 'open' | 'close' | 'message' | 'error';
type Listener = (data?: unknown) => void;

const DEFAULT_APPEARANCE: Appearance = { title: 'Chat with us', greeting: 'Hi! How can we help?', color: '#b3261e', position: 'right' };

const clientId = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
};

/**
 * One widget on a page: the session (kept in localStorage with the open conversation), the API,
 * the socket and the UI. What `window.Bacon` exposes is a thin layer over it.
 */
export class BaconWidget {
  private readonly api: WidgetApi;
  private readonly store: SessionStore;
  private readonly transport: WidgetTransport;
  private ui?: ChatUi;
  private session?: SavedSession;
  private readonly listeners = new Map<string, Set<Listener>>();
  private attributes: Record<string, string | number | boolean | null> = {};
  private identity?: Identity;
  private ready: Promise<void>;
  private typingSent = false;
  private uploads?: Appearance['uploads'];
  private readonly agents = new Map<string, Promise<{ name: string | null; avatarUrl: string | null }>>();
  /** The visitor's language (the page's `data-language`, else the browser's) and its catalog. */
  readonly locale: string;
  private readonly t: Translate;

  constructor(
    private readonly base: string,
    siteKey: string,
    private readonly mount: HTMLElement,
    opts: { language?: string } = {},
  ) {
    this.locale = pickLocale([opts.language, ...(typeof navigator === 'undefined' ? [] : navigator.languages)]);
    this.t = translator(this.locale);
    this.api = new WidgetApi(base, siteKey);
    this.store = new SessionStore(siteKey);
    this.transport = new WidgetTransport(base, {
      messages: (list) => this.received(list),
      typing: (on) => this.ui?.typing(on),
      state: (state) => {
        if (state === 'closed') void this.offerSurvey(4);
      },
      unauthorized: () => void this.renewSession(),
      receipts: (r) => this.ui?.receipts(r),
    });
    this.ready = this.boot();
  }

  on(event: WidgetEvent, listener: Listener): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  open(): void {
    void this.ready.then(() => this.ui?.toggle(true));
  }

  close(): void {
    void this.ready.then(() => this.ui?.toggle(false));
  }

  /** Custom attributes of the visitor (plan, cart value...), sent with their next message for automation rules. */
  setAttributes(attributes: Record<string, string | number | boolean | null>): void {
    this.attributes = { ...this.attributes, ...attributes };
  }

  /** A logged-in user, signed by the site's backend: the session is reopened as that user. */
  async identify(identity: Identity): Promise<void> {
    this.identity = identity;
    await this.ready;
    if (this.session?.identityUserId === identity.userId) return;
    await this.newSession();
    await this.resume();
  }

  /** After a new session: a clean transcript, then the session's open conversation if it has one (an identified user). */
  private async resume(): Promise<void> {
    this.transport.unfollow();
    this.ui?.reset();
    const { conversations } = await this.api.conversations();
    const current = conversations.find((c) => c.state !== 'closed');
    if (current) await this.load(current.id);
  }

  private emit(event: WidgetEvent, data?: unknown): void {
    for (const l of this.listeners.get(event) ?? []) {
      try {
        l(data);
      } catch {
        // A page's listener failing is the page's business.
      }
    }
  }

  private async boot(): Promise<void> {
    try {
      this.session = this.store.load();
      if (this.session) this.api.token = this.session.token;
      else await this.newSession();
      const appearance = await this.api.appearance().catch(() => DEFAULT_APPEARANCE);
      this.uploads = appearance.uploads;
      this.ui = new ChatUi(
        this.mount,
        { ...DEFAULT_APPEARANCE, ...appearance },
        { locale: this.locale, t: this.t },
        {
          onSend: (text, contact) => this.send(text, undefined, undefined, contact),
          onReply: (r) => void this.send(r.label, { value: r.value, label: r.label }).catch(() => this.ui?.error(this.t('answerFailed'))),
          onToggle: (open) => {
            this.save({ open });
            this.emit(open ? 'open' : 'close');
            if (open) this.markRead();
          },
          onFile: (file) => this.sendFile(file),
          loadFile: (url) => this.api.file(url),
          agent: (id) => {
            if (!this.agents.has(id)) this.agents.set(id, this.api.agent(id));
            return this.agents.get(id)!;
          },
          onTyping: (on) => {
            if (on === this.typingSent) return;
            this.typingSent = on;
            this.transport.typing(on);
          },
        },
      );
      this.transport.connect(this.api.token);
      if (this.session?.conversationId) await this.load(this.session.conversationId);
      if (this.session?.open) this.ui.toggle(true);
      this.emit('ready');
      watchPages((secondsOnPage, previousSeconds) => {
        const cid = this.session?.conversationId;
        const attributes = Object.keys(this.attributes).length ? this.attributes : undefined;
        void this.api.pageEvent({ ...this.page(), secondsOnPage, previousSeconds, attributes, conversationId: cid }).catch(() => undefined);
      });
    } catch (err) {
      this.emit('error', { message: (err as Error).message });
      throw err;
    }
  }

  private async newSession(): Promise<void> {
    const s = await this.api.openSession(this.identity);
    this.session = { token: s.token, visitorId: s.visitorId, expiresAt: s.expiresAt, identityUserId: this.identity?.userId };
    this.store.save(this.session);
    this.transport.connect(s.token);
  }

  /**
   * The token was refused (expired, revoked, or the host no longer knows its key): a fresh session.
   * An anonymous visitor's old conversation stays with the old visitor, so the transcript starts
   * over; an identified user gets their open conversation back.
   */
  private async renewSession(): Promise<void> {
    this.store.clear();
    this.session = undefined;
    try {
      await this.newSession();
      await this.resume();
    } catch (err) {
      this.emit('error', { message: (err as Error).message });
    }
  }

  private save(patch: Partial<SavedSession>): void {
    if (!this.session) return;
    this.session = { ...this.session, ...patch };
    this.store.save(this.session);
  }

  /** The transcript of a conversation, then live events after its last message. */
  private async load(conversationId: string): Promise<void> {
    let after = 0;
    let state: string | undefined;
    try {
      for (let more = true; more;) {
        const page = await this.api.messages(conversationId, after);
        state = page.state ?? state;
        this.ui?.add(page.messages);
        if (page.receipts) this.ui?.receipts(page.receipts);
        if (page.messages.length) after = page.messages[page.messages.length - 1]!.seq;
        more = page.more;
      }
    } catch (err) {
      if (err instanceof WidgetApiError && (err.status === 404 || err.status === 401)) {
        this.save({ conversationId: undefined, lastSeq: undefined });
        return;
      }
      throw err;
    }
    this.save({ conversationId, lastSeq: after });
    this.transport.follow(conversationId, after);
    if (state === 'closed') void this.offerSurvey();
  }

  /**
   * After a close: the survey of the conversation, if one was sent and not answered yet. The survey
   * is made a moment after the close (by the analytics consumer): a live close asks again a few
   * times, 1, 2, 4 and 8 s later, before taking "no survey" for an answer.
   */
  private async offerSurvey(retries = 0): Promise<void> {
    const cid = this.session?.conversationId;
    if (!cid) return;
    let survey: { question: string; answer: unknown } | null = null;
    try {
      ({ survey } = await this.api.survey(cid));
    } catch {
      // No survey (404) is no harm: the conversation goes on.
    }
    if (survey && !survey.answer)
      this.ui?.survey(survey.question, (rating, comment) => this.api.answerSurvey(cid, rating, comment).then(() => undefined));
    else if (!survey && retries > 0 && this.session?.conversationId === cid)
      setTimeout(() => void this.offerSurvey(retries - 1), 1000 * 2 ** (4 - retries));
  }

  private page() {
    return { url: location.href.slice(0, 2000), title: document.title.slice(0, 500), referrer: document.referrer.slice(0, 2000) };
  }

  /** Uploads a file within the site's limits, then sends it in a message named after it. */
  private async sendFile(file: File): Promise<string | undefined> {
    const refused = this.uploads ? refuseFile(file, this.uploads, this.t) : this.t('uploadFailed');
    if (refused) return refused;
    try {
      const data = await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result).split(',')[1] ?? '');
        reader.onerror = reject;
        reader.readAsDataURL(file);
      });
      const { id } = await this.api.upload({ name: file.name, contentType: file.type, data });
      await this.send(file.name, undefined, [id]);
      return undefined;
    } catch {
      return this.t('uploadFailed');
    }
  }

  private async send(
    text: string,
    reply?: { value: string; label: string },
    attachmentIds?: string[],
    contact?: { name?: string; email?: string },
  ): Promise<void> {
    await this.ready;
    const body: Record<string, unknown> = { text, clientMessageId: clientId(), page: this.page() };
    if (contact && (contact.name || contact.email)) body.contact = contact;
    if (attachmentIds) body.attachmentIds = attachmentIds;
    if (Object.keys(this.attributes).length) body.attributes = this.attributes;
    if (reply) body.reply = reply;
    const cid = this.session?.conversationId;
    let message: PublicMessage;
    if (cid) {
      message = (await this.api.send(cid, body)).message;
    } else {
      const started = await this.api.start(body);
      message = started.message;
      this.save({ conversationId: started.conversation.id });
      this.transport.follow(started.conversation.id, 0);
    }
    this.ui?.add([message]);
    this.emit('message', message);
  }

  private received(list: PublicMessage[]): void {
    this.ui?.add(list);
    const last = list[list.length - 1];
    if (last) this.save({ lastSeq: last.seq });
    for (const m of list) if (m.author !== 'visitor') this.emit('message', m);
    if (this.ui?.isOpen) this.markRead();
  }

  private markRead(): void {
    if (this.transport.lastSeq) this.transport.read(this.transport.lastSeq);
  }
}
