import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Message } from '@bacon/inbox-contract';
import { DELIVERY_RANK } from '@bacon/sdk';
import { useServices } from '../app/services-context.js';
import { conversationOf } from '../realtime/event-envelope.js';
import { channelsApi, type ChannelWindow, type Delivery } from './channels-api.js';

/** Channels whose conversations carry deliveries and a reply window (the web widget has neither). */
export const isProviderChannel = (channel: string | undefined) => !!channel && channel !== 'web';

/**
 * A provider conversation's channel state, kept live: the delivery of each outbound message (the
 * `channel.delivery.updated` realtime event moves it; a reconnect reloads them, since those events
 * are not replayed) and the reply window (reloaded when the contact writes, and when it closes).
 */
export function useChannelState(conversationId: string, channel: string | undefined, messages: Message[]) {
  const { api, socket } = useServices();
  const channels = useMemo(() => channelsApi(api), [api]);
  const [deliveries, setDeliveries] = useState<Map<string, Delivery>>(new Map());
  const [windowState, setWindowState] = useState<ChannelWindow>();
  const active = isProviderChannel(channel);

  // A delivery only moves forward: a reload that was asked before a live update and answers after
  // it must not put the older state back ("queued" over "sent").
  const put = useCallback((ds: Delivery[]) => {
    setDeliveries((prev) => {
      const next = new Map(prev);
      for (const d of ds) {
        const had = next.get(d.messageId);
        if (!had || DELIVERY_RANK[d.status] >= DELIVERY_RANK[had.status]) next.set(d.messageId, d);
      }
      return next;
    });
  }, []);
  const reloadDeliveries = useCallback(() => {
    if (active) void channels.deliveries(conversationId).then(put, () => undefined);
  }, [active, channels, conversationId, put]);
  const reloadWindow = useCallback(() => {
    if (active) void channels.window(conversationId).then(setWindowState, () => undefined);
  }, [active, channels, conversationId]);

  useEffect(() => {
    setDeliveries(new Map());
    setWindowState(undefined);
    reloadDeliveries();
    reloadWindow();
  }, [reloadDeliveries, reloadWindow]);

  useEffect(() => {
    if (!active) return undefined;
    const offEvent = socket.onEvent((e) => {
      if (e.topic !== 'channel.delivery.updated' || conversationOf(e) !== conversationId) return;
      const d = (e.payload as { delivery?: Delivery }).delivery;
      if (d?.messageId) put([d]);
    });
    const offStatus = socket.onStatus((s) => {
      if (s === 'connected') {
        reloadDeliveries();
        reloadWindow();
      }
    });
    return () => {
      offEvent();
      offStatus();
    };
  }, [active, socket, conversationId, put, reloadDeliveries, reloadWindow]);

  // The contact wrote: the window may have reopened. A new outbound message: its delivery starts queued.
  const lastContact = [...messages].reverse().find((m) => m.authorKind === 'contact')?.id;
  useEffect(() => reloadWindow(), [lastContact, reloadWindow]);
  // The agent has the conversation open: its latest inbound message is seen.
  useEffect(() => {
    if (active && lastContact) void channels.seen(conversationId).catch(() => undefined);
  }, [active, lastContact, channels, conversationId]);
  const outbound = messages.filter((m) => m.authorKind !== 'contact').length;
  useEffect(() => reloadDeliveries(), [outbound, reloadDeliveries]);

  // An open window closes at `closesAt`: reload then, so the console shows it closed without a refresh.
  const closesAt = windowState?.window?.open ? windowState.window.closesAt : null;
  useEffect(() => {
    if (!closesAt) return undefined;
    const ms = Date.parse(closesAt) - Date.now();
    if (!(ms > 0) || ms > 2 ** 31 - 1) return undefined;
    const t = setTimeout(reloadWindow, ms + 1000);
    return () => clearTimeout(t);
  }, [closesAt, reloadWindow]);

  return { active, deliveries, windowState, channels, reloadWindow, reloadDeliveries, put };
}
