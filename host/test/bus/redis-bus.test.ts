import { expect } from 'chai';
import { RedisBus } from '../../src/bus/index.js';
import { createLogger } from '../../src/logs/logger.js';
import { startTestRedis } from '../../src/testing/index.js';
import type { BusEvent } from '../../src/bus/index.js';

const log = createLogger({ logLevel: 'silent', logPretty: false });

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('RedisBus', () => {
  it('fans an event out to another node exactly once, and to local subscribers once', async () => {
    const redis = await startTestRedis();
    const a = new RedisBus(redis.url, log, 't:');
    const b = new RedisBus(redis.url, log, 't:');
    await Promise.all([a.connect(), b.connect()]);
    try {
      const onA: BusEvent[] = [];
      const onB: BusEvent[] = [];
      a.subscribe('message.*', (e) => void onA.push(e));
      b.subscribe('message.*', (e) => void onB.push(e));
      await a.publish({ topic: 'message.created', tenantId: 't1', payload: { n: 1 }, seq: 7 });
      await until(() => onB.length === 1);
      await new Promise((r) => setTimeout(r, 100));
      expect(onA).to.have.length(1);
      expect(onB).to.have.length(1);
      expect(onB[0]).to.include({ topic: 'message.created', seq: 7, origin: a.nodeId });
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });

  it('delivers locally while Redis is down and resumes fan-out after it returns', async () => {
    const redis = await startTestRedis();
    const a = new RedisBus(redis.url, log, 't:');
    const b = new RedisBus(redis.url, log, 't:');
    await Promise.all([a.connect(), b.connect()]);
    try {
      const onA: string[] = [];
      const onB: string[] = [];
      a.subscribe('*', (e) => void onA.push(e.topic));
      b.subscribe('*', (e) => void onB.push(e.topic));
      await redis.stop();
      await a.publish({ topic: 'while.down', payload: {} });
      expect(onA).to.deep.equal(['while.down']);
      expect((await a.status()).ok).to.equal(false);
      await redis.start();
      await until(() => a['pub'].status === 'ready' && b['sub'].status === 'ready', 10000);
      await new Promise((r) => setTimeout(r, 200));
      await a.publish({ topic: 'after.up', payload: {} });
      await until(() => onB.includes('after.up'), 5000);
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });
});
