import { useEffect } from 'react';
import { useToasts } from '../ui/toasts.js';
import { useServices } from '../app/services-context.js';

/**
 * An automation rule's `notify` action (`automation.notification` on the agent socket) as a notice:
 * those addressed to this agent, or to every agent (`agentId` null).
 */
export function useRuleNotifications(userId: string): void {
  const { socket } = useServices();
  const toasts = useToasts();
  useEffect(
    () =>
      socket.onEvent((e) => {
        if (e.topic !== 'automation.notification') return;
        const n = (e.payload ?? {}) as { agentId?: string | null; text?: string };
        if ((n.agentId ?? null) !== null && n.agentId !== userId) return;
        if (typeof n.text === 'string' && n.text) toasts.info(n.text);
      }),
    [socket, toasts, userId],
  );
}
