import { expect } from 'chai';
import { toEnvelope, bridgeBus } from '../../src/realtime/bus-bridge.js';
import { MemoryBus } from '../../src/bus/index.js';
import { createLogger } from '../../src/logs/logger.js';
import type { RealtimeEnvelope } from '@bacon/sdk';

describe('toEnvelope', () => {
  it('keeps topic, tenant, sequence number and time, and lifts the conversation id from the payload', () => {
    const e = toEnvelope({ topic: 'message.created', tenantId: 't1', seq: 7, payload: { conversationId: 'c1', message: {} }, at: '2026-01-01T00:00:00.000Z', origin: 'n1' });
    expect(e).to.deep.equal({ topic: 'message.created', tenantId: 't1', conversationId: 'c1', seq: 7, payload: { conversationId: 'c1', message: {} }, at: '2026-01-01T00:00:00.000Z' });
  });

  it('drops events without a tenant', () => {
    expect(toEnvelope({ topic: 'message.created', payload: {} })).to.equal(undefined);
  });
});

describe('bridgeBus', () => {
  it('forwards conversation, message and note topics only, until unsubscribed', async () => {
    const bus = new MemoryBus(createLogger({ logLevel: 'silent', logPretty: false }));
    const got: RealtimeEnvelope[] = [];
    const off = bridgeBus(bus, (e) => got.push(e));
    for (const topic of ['conversation.updated', 'message.created', 'note.created', 'security.site-keys.changed', 'trigger.shopify.order']) {
      await bus.publish({ topic, tenantId: 't1', payload: { conversationId: 'c1' } });
    }
    off();
    await bus.publish({ topic: 'message.created', tenantId: 't1', payload: {} });
    expect(got.map((e) => e.topic)).to.deep.equal(['conversation.updated', 'message.created', 'note.created']);
  });
});
