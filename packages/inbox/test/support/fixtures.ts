import { randomUUID } from 'node:crypto';
import type { PluginBus } from '@bacon/sdk';
import type { InboundInput } from '@bacon/inbox-contract';

let counter = 0;

/** An inbound web message; every call gets a fresh provider message id unless given one. */
export function inbound(overrides: Partial<InboundInput> & { thread?: string } = {}): InboundInput {
  const { thread, ...rest } = overrides;
  counter++;
  return {
    channel: 'web',
    externalConversationId: thread ?? `thread-${randomUUID()}`,
    externalMessageId: `msg-${counter}-${randomUUID()}`,
    contact: { externalId: `visitor-${thread ?? randomUUID()}`, name: 'Ann Visitor', email: 'ann@example.test' },
    text: `hello ${counter}`,
    ...rest,
  };
}

export interface Captured {
  topic: string;
  tenantId?: string;
  seq?: number;
  payload: Record<string, unknown>;
}

/** Records every bus event of the host. */
export function captureEvents(bus: PluginBus): { events: Captured[]; stop: () => void; topics: () => string[] } {
  const events: Captured[] = [];
  const stop = bus.subscribe('*', (e) => {
    events.push(e as Captured);
  });
  return { events, stop, topics: () => events.map((e) => e.topic) };
}
