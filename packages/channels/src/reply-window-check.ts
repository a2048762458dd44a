import type { Knex } from 'knex';
import type { PluginChannelAdapters } from '@bacon/sdk';
import type { OutboundCheck } from '@bacon/inbox-contract';
import { channelThreads } from './channel-threads.js';
import { replyWindowOf } from './channel-window-routes.js';
import { ChannelErrors } from './errors.js';

/**
 * The send-time check the channels plugin registers with the inbox: on a provider conversation whose
 * customer-service window is closed (the adapter's `replyWindow` rules it), a free-form message is
 * refused before it is committed (`409 channel_window_closed`, naming the templates still allowed);
 * a message carrying one of those templates goes through. A plugin whose `replyWindow` fails lets the
 * message through: its `send` refuses what the window forbids, and the failure shows on the message.
 */
export function replyWindowCheck(deps: { db: Knex; adapters: PluginChannelAdapters }): OutboundCheck {
  return async ({ tenantId, conversationId, message }) => {
    const thread = await channelThreads.get(deps.db, tenantId, conversationId);
    if (!thread) return;
    const info = deps.adapters.get(thread.pluginId);
    if (!info?.methods.includes('replyWindow')) return;
    let window;
    try {
      const raw = await deps.adapters.call(thread.pluginId, 'replyWindow', { lastInboundAt: thread.lastInboundAt }, tenantId);
      window = replyWindowOf(raw, thread.pluginId);
    } catch {
      // A plugin that fails (disabled, crashed, answering nonsense) does not hold the inbox's replies
      // hostage: the message is committed, and its send reports the failure on it.
      return;
    }
    if (window.open) return;
    const allowed = window.whenClosed === 'templates' ? window.templates.map((t) => t.name) : [];
    const template = message.components?.find((c) => c.type === 'template') as { name?: unknown } | undefined;
    if (template && allowed.includes(String(template.name))) return;
    throw ChannelErrors.windowClosed(
      {
        channel: thread.channel,
        lastInboundAt: thread.lastInboundAt,
        templates: allowed,
        ...(window.reason ? { reason: window.reason } : {}),
      },
      (window.reason ?? `The ${thread.channel} reply window is closed.`) +
        (allowed.length ? ` Templates allowed: ${allowed.join(', ')}.` : ' No template can be sent on this channel while it is closed.'),
    );
  };
}
