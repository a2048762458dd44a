import { expect } from 'chai';
import { createKeyedQueue } from '../../src/services/keyed-queue.js';

describe('createKeyedQueue', () => {
  const tick = () => new Promise((r) => setImmediate(r));

  it('runs tasks of one key one after another, in call order', async () => {
    const q = createKeyedQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([q.run('t1', task('a')), q.run('t1', task('b')), q.run('t1', task('c'))]);
    expect(results).to.deep.equal(['a', 'b', 'c']);
    expect(log).to.deep.equal(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs different keys side by side', async () => {
    const q = createKeyedQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([q.run('t1', task('a')), q.run('t2', task('b'))]);
    expect(log.slice(0, 2)).to.deep.equal(['start a', 'start b']);
  });

  it('keeps going after a task fails, and hands the failure to its caller only', async () => {
    const q = createKeyedQueue();
    const failed = q.run('t', async () => {
      throw new Error('boom');
    });
    const next = q.run('t', async () => 'ok');
    const err = await failed.catch((e: Error) => e.message);
    expect(err).to.equal('boom');
    expect(await next).to.equal('ok');
  });
});
