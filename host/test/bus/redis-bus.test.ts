import { expect } from 'chai';
import { RedisBus } from '../../src/bus/index.js';
import { createLogger } from '../../src/logs/logger.js';
import { startTestRedis, waitFor } from '../../src/testing/index.js';
import type { BusEvent } from '../../src/bus/index.js';

const log = createLogger({ logLevel: 'silent', logPretty: false });

const until = (cond: () => boolean, ms = 5000) => waitFor(cond, { what: 'the bus condition', timeoutMs: ms, everyMs: 20 });
const untilAsync = (cond: () => Promise<boolean>, ms: number) => waitFor(cond, { what: 'the bus condition', timeoutMs: ms, everyMs: 50 });

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
      // Everything node a's own subscriber connection received (its echoes, which it must skip).
      const echoes: string[] = [];
      a['sub'].on('message', (_c: string, raw: string) => void echoes.push((JSON.parse(raw) as BusEvent).topic));
      await a.publish({ topic: 'message.created', tenantId: 't1', payload: { n: 1 }, seq: 7 });
      await until(() => onB.length === 1);
      // A duplicate would arrive before a later event from the same publisher: wait for that marker on
      // both nodes (b's subscriber, and a's echo), then count.
      await a.publish({ topic: 'message.marker', payload: {} });
      await until(() => onB.some((e) => e.topic === 'message.marker') && echoes.includes('message.marker'));
      expect(echoes).to.deep.equal(['message.created', 'message.marker']);
      expect(onA.map((e) => e.topic)).to.deep.equal(['message.created', 'message.marker']);
      expect(onB.map((e) => e.topic)).to.deep.equal(['message.created', 'message.marker']);
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
      // b re-subscribes on its own after reconnecting: probe until the fan-out is back, then check.
      await untilAsync(async () => {
        await a.publish({ topic: 'probe', payload: {} });
        return onB.includes('probe');
      }, 10000);
      await a.publish({ topic: 'after.up', payload: {} });
      await until(() => onB.includes('after.up'), 5000);
    } finally {
      await a.close();
      await b.close();
      await redis.stop();
    }
  });
});
