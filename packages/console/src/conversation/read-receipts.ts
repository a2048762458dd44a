import { useEffect, useRef } from 'react';
import type { Message } from '@bacon/inbox-contract';
import type { ApiClient } from '../api/api-client.js';
import type { AgentSocket } from '../realtime/agent-socket.js';

const receiptsPath = (conversationId: string) => `/channels/conversations/${encodeURIComponent(conversationId)}/receipts`;

/**
 * Tells a web visitor their messages reached the team: each contact message this console receives
 * live is marked delivered (once per conversation and sequence number; the host keeps the highest).
 */
export function reportDeliveries(socket: AgentSocket, api: ApiClient): () => void {
  const sent = new Map<string, number>();
  return socket.onEvent((e) => {
    const p = e.payload as { conversationId?: string; message?: Partial<Message> } | undefined;
    const m = p?.message;
    if (e.topic !== 'message.created' || !p?.conversationId || m?.authorKind !== 'contact' || m.channel !== 'web') return;
    const seq = Number(m.seq ?? e.seq ?? 0);
    if (!seq || (sent.get(p.conversationId) ?? 0) >= seq) return;
    sent.set(p.conversationId, seq);
    void api.post(receiptsPath(p.conversationId), { delivered: seq }).catch(() => undefined);
  });
}

/**
 * While a web conversation is open and the page visible, its visitor's messages are marked seen
 * (up to the newest one on screen), so the widget can say "Seen".
 */
export function useSeenReceipt(api: ApiClient, conversationId: string, channel: string | undefined, messages: Message[]): void {
  const posted = useRef(0);
  const latest = messages.reduce((n, m) => (m.authorKind === 'contact' && m.seq > n ? m.seq : n), 0);
  useEffect(() => {
    posted.current = 0;
  }, [conversationId]);
  useEffect(() => {
    if (channel !== 'web') return;
    const report = () => {
      if (document.visibilityState !== 'visible' || latest <= posted.current) return;
      posted.current = latest;
      void api.post(receiptsPath(conversationId), { seen: latest }).catch(() => undefined);
    };
    report();
    document.addEventListener('visibilitychange', report);
    return () => document.removeEventListener('visibilitychange', report);
  }, [conversationId, channel, latest]);
}
