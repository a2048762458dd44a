import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { NotFound, type DurableEvent, type PluginJobs, type PluginLogger, type PluginMailer, type PluginRoutes } from '@bacon/sdk';
import type { Message } from '@bacon/inbox-contract';
import type { InboxPort } from './inbox-port.js';

/** The durable job that emails the replies a visitor has not seen, some time after they were sent. */
export const OFFLINE_EMAIL_QUEUE = 'channels.offline-email';
/** How long a transcript link in an email opens the conversation. */
const LINK_DAYS = 30;

export interface OfflineEmailDeps {
  db: Knex;
  inbox: Pick<InboxPort, 'exportTranscript'>;
  jobs: PluginJobs;
  mailer: PluginMailer;
  log: PluginLogger;
  settingsFor(tenantId: string): Promise<Record<string, unknown>>;
  /** The host's public base URL, for the transcript link. */
  publicUrl: string;
}

interface Job {
  tenantId: string;
  conversationId: string;
}

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');
const fromTeam = (m: Message) => m.authorKind === 'agent' || m.authorKind === 'bot';

/**
 * The `message.created` consumer: a reply from the team on a web conversation queues a check after
 * the tenant's delay (`offlineEmailDelaySeconds`). Nothing when the deployment has no SMTP server.
 */
export function queueOfflineEmail(deps: OfflineEmailDeps) {
  return async (event: DurableEvent): Promise<void> => {
    if (!deps.mailer.configured) return;
    const p = event.payload as { conversationId?: string; visibility?: string; message?: Partial<Message> };
    if (!p.conversationId || p.visibility !== 'public' || !p.message || !fromTeam(p.message as Message)) return;
    if (p.message.channel && p.message.channel !== 'web') return;
    const delay = Number((await deps.settingsFor(event.tenantId)).offlineEmailDelaySeconds ?? 120);
    await deps.jobs.send<Job>(OFFLINE_EMAIL_QUEUE, { tenantId: event.tenantId, conversationId: p.conversationId }, { startAfter: delay });
  };
}

/**
 * The job: the team's replies the visitor has not read (their widget's read mark) and no earlier
 * email carried go out in one email to the contact's address, with a link to the transcript. A
 * compare-and-set on how far the conversation was emailed makes concurrent jobs send it once; a
 * refused send puts the mark back and fails the job, which pg-boss retries.
 */
export async function sendOfflineEmail(deps: OfflineEmailDeps, job: Job): Promise<void> {
  const { tenantId, conversationId } = job;
  const transcript = await deps.inbox.exportTranscript(tenantId, conversationId).catch(() => undefined);
  const email = transcript?.contact?.email;
  if (!transcript || !email || transcript.conversation.channel !== 'web') return;
  const read = (await deps
    .db('channels_web_conversations')
    .where({ tenant_id: tenantId, conversation_id: conversationId })
    .max({ seq: 'visitor_read_seq' })
    .first()) as { seq: number | string | null } | undefined;
  const mark = (await deps.db('channels_offline_emails').where({ tenant_id: tenantId, conversation_id: conversationId }).first()) as
    { emailed_seq: number } | undefined;
  const from = Math.max(Number(read?.seq ?? 0), mark?.emailed_seq ?? 0);
  const unseen = transcript.messages.filter((m) => m.seq > from && fromTeam(m));
  if (!unseen.length) return;
  const upTo = unseen.at(-1)!.seq;
  const claimed = (await deps
    .db('channels_offline_emails')
    .insert({ tenant_id: tenantId, conversation_id: conversationId, emailed_seq: upTo })
    .onConflict(['tenant_id', 'conversation_id'])
    .merge({ emailed_seq: upTo, emailed_at: deps.db.fn.now() })
    .where('channels_offline_emails.emailed_seq', '<', upTo)
    .returning('emailed_seq')) as unknown[];
  if (!claimed.length) return; // another job emailed these already

  const token = randomBytes(24).toString('base64url');
  await deps.db('channels_transcript_links').insert({
    token_hash: hashOf(token),
    tenant_id: tenantId,
    conversation_id: conversationId,
    expires_at: new Date(Date.now() + LINK_DAYS * 86_400_000),
  });
  const link = `${deps.publicUrl.replace(/\/$/, '')}/widget/v1/transcript/${token}`;
  const title = String(((await deps.settingsFor(tenantId)).widget as { title?: string } | undefined)?.title ?? 'our team');
  const lines = unseen.map((m) => `${m.authorKind === 'bot' ? 'Bot' : 'Support'}: ${m.body}`);
  try {
    await deps.mailer.send({
      to: email,
      subject: `New reply: ${title}`,
      text: `${lines.join('\n\n')}\n\nThe whole conversation: ${link}\n(the link works for ${LINK_DAYS} days; to answer, write to us in the chat on our site)\n`,
    });
  } catch (err) {
    await deps
      .db('channels_offline_emails')
      .where({ tenant_id: tenantId, conversation_id: conversationId, emailed_seq: upTo })
      .update({ emailed_seq: mark?.emailed_seq ?? 0 });
    deps.log.warn({ conversationId, err: (err as Error).message }, 'offline email not sent; the job will retry');
    throw err;
  }
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** `GET /widget/v1/transcript/:token`: the conversation an email links to, as a plain page (every text escaped). */
export function registerTranscriptRoute(routes: PluginRoutes, deps: Pick<OfflineEmailDeps, 'db' | 'inbox'>): void {
  routes.get('/transcript/:token', {
    auth: 'public',
    serves: 'page',
    produces: 'text/html',
    summary: 'The transcript page an offline-reply email links to (an HTML page; 404 for an unknown or expired link)',
    tags: ['widget'],
    schema: { params: { type: 'object', required: ['token'], properties: { token: { type: 'string', minLength: 1, maxLength: 200 } } } },
    handler: async (ctx) => {
      const token = String(ctx.params.token ?? '');
      const row = /^[\w-]{20,64}$/.test(token)
        ? ((await deps
            .db('channels_transcript_links')
            .where({ token_hash: hashOf(token) })
            .first()) as { tenant_id: string; conversation_id: string; expires_at: Date | string } | undefined)
        : undefined;
      if (!row || new Date(row.expires_at).getTime() < Date.now()) throw NotFound('This link is unknown or has expired.');
      const t = await deps.inbox.exportTranscript(row.tenant_id, row.conversation_id);
      const items = t.messages
        .map(
          (m) =>
            `<li class="${m.authorKind === 'contact' ? 'you' : 'team'}"><b>${m.authorKind === 'contact' ? 'You' : m.authorKind === 'bot' ? 'Bot' : 'Support'}</b> <time datetime="${escapeHtml(m.createdAt)}">${escapeHtml(new Date(m.createdAt).toUTCString())}</time><p>${escapeHtml(m.body)}</p></li>`,
        )
        .join('');
      ctx.type = 'text/html; charset=utf-8';
      ctx.set('Cache-Control', 'no-store');
      ctx.set('Referrer-Policy', 'no-referrer');
      ctx.body = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>Your conversation</title></head><body><main><h1>Your conversation</h1><ol>${items}</ol><p>To answer, write to us in the chat on our site.</p></main></body></html>`;
    },
  });
}
