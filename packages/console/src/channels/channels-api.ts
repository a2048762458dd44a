import type { ChannelDelivery, ReplyWindow } from '@bacon/sdk';
import type { Message } from '@bacon/inbox-contract';
import type { ApiClient } from '../api/api-client.js';
import { unwrap } from '../api/page.js';

/** Where an outbound message stands on its provider channel (`GET /channels/conversations/:id/deliveries`). */
export type Delivery = ChannelDelivery;

export interface ChannelWindow {
  channel: string;
  pluginId: string | null;
  lastInboundAt: string | null;
  /** Null on channels without a customer-service window (the web widget). */
  window: ReplyWindow | null;
}

const enc = encodeURIComponent;

/** The channels plugin's endpoints the console uses (packages/channels routes). */
export function channelsApi(api: ApiClient) {
  return {
    async window(conversationId: string): Promise<ChannelWindow> {
      return api.get(`/channels/conversations/${enc(conversationId)}/window`);
    },
    async deliveries(conversationId: string): Promise<Delivery[]> {
      const body = (await api.get(`/channels/conversations/${enc(conversationId)}/deliveries`)) as { deliveries: Delivery[] };
      return body.deliveries;
    },
    /** Tells the provider an agent has seen the contact's messages (Messenger's mark_seen; a no-op elsewhere). */
    async seen(conversationId: string): Promise<void> {
      await api.post(`/channels/conversations/${enc(conversationId)}/seen`);
    },
    /** Sends one of the window's approved templates (what a closed window still allows). */
    async sendTemplate(conversationId: string, name: string, text: string): Promise<Message> {
      return unwrap<Message>(
        await api.post(`/conversations/${enc(conversationId)}/messages`, { text, components: [{ type: 'template', name }] }),
        'message',
      );
    },
  };
}

export type ChannelsApi = ReturnType<typeof channelsApi>;
