import { expect } from 'chai';
import { MemoryBus, topicMatcher } from '../../src/bus/index.js';
import { createLogger } from '../../src/logs/logger.js';

const log = createLogger({ logLevel: 'silent', logPretty: false });

describe('topicMatcher', () => {
  it('matches exact topics and * wildcards', () => {
    expect(topicMatcher('message.created')('message.created')).to.equal(true);
    expect(topicMatcher('message.created')('message.createdX')).to.equal(false);
    expect(topicMatcher('conversation.*')('conversation.assigned')).to.equal(true);
    expect(topicMatcher('conversation.*')('message.created')).to.equal(false);
    expect(topicMatcher('*')('anything.at.all')).to.equal(true);
  });
});

describe('MemoryBus', () => {
  it('delivers to matching subscribers and stops after unsubscribe', async () => {
    const bus = new MemoryBus(log);
    const seen: string[] = [];
    const off = bus.subscribe('conversation.*', (e) => void seen.push(e.topic));
    await bus.publish({ topic: 'conversation.created', payload: {} });
    await bus.publish({ topic: 'message.created', payload: {} });
    off();
    await bus.publish({ topic: 'conversation.updated', payload: {} });
    expect(seen).to.deep.equal(['conversation.created']);
  });

  it('keeps delivering when one handler throws', async () => {
    const bus = new MemoryBus(log);
    let got = 0;
    bus.subscribe('x', () => {
      throw new Error('boom');
    });
    bus.subscribe('x', () => void got++);
    await bus.publish({ topic: 'x', payload: null });
    expect(got).to.equal(1);
  });
});
