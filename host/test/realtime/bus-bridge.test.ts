import { expect } from 'chai';
import { toEnvelope, BusBridge } from '../../src/realtime/bus-bridge.js';
import { MemoryBus } from '../../src/bus/index.js';
import { createLogger } from '../../src/logs/logger.js';
import type { RealtimeEnvelope } from '@bacon/sdk';

describe('toEnvelope', () => {
  it('keeps topic, tenant, sequence number and time, and puts the event in the room given', () => {
    const e = toEnvelope(
      { topic: 'post.created', tenantId: 't1', seq: 7, payload: { threadId: 'c1' }, at: '2026-01-01T00:00:00.000Z', origin: 'n1' },
      'thread:c1',
    );
    expect(e).to.deep.equal({
      topic: 'post.created',
      tenantId: 't1',
      room: 'thread:c1',
      seq: 7,
      payload: { threadId: 'c1' },
      at: '2026-01-01T00:00:00.000Z',
    });
  });

  it('drops events without a tenant', () => {
    expect(toEnvelope({ topic: 'post.created', payload: {} })).to.equal(undefined);
  });
});

describe('BusBridge', () => {
  it('forwards only the topics plugins registered, to the room their rule names, until closed', async () => {
    const bus = new MemoryBus(createLogger({ logLevel: 'silent', logPretty: false }));
    const got: RealtimeEnvelope[] = [];
    const bridge = new BusBridge(bus, (e) => got.push(e));
    bridge.forward('post.*', (e) => ({ room: `thread:${(e.payload as { threadId: string }).threadId}` }));
    bridge.forward('thread.*', (e) => (e.topic === 'thread.secret' ? undefined : {}));
    for (const topic of ['post.created', 'thread.updated', 'thread.secret', 'security.site-keys.changed']) {
      await bus.publish({ topic, tenantId: 't1', payload: { threadId: 'c1' } });
    }
    bridge.close();
    await bus.publish({ topic: 'post.created', tenantId: 't1', payload: { threadId: 'c1' } });
    expect(got.map((e) => [e.topic, e.room])).to.deep.equal([
      ['post.created', 'thread:c1'],
      ['thread.updated', undefined],
    ]);
  });
});
