import { expect } from 'chai';
import { Outbox, type OutboxItem } from '../../src/outbox/outbox.js';

class MemoryStorage {
  private data = new Map<string, string>();
  getItem(k: string) {
    return this.data.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.data.set(k, v);
  }
}

class Offline extends Error {}
class Refused extends Error {}

function harness() {
  const storage = new MemoryStorage() as unknown as Storage;
  const sent: string[] = [];
  const state = { online: false, refuse: new Set<string>() };
  const delivery = {
    async send(item: OutboxItem) {
      if (!state.online) throw new Offline('offline');
      if (state.refuse.has(item.body)) throw new Refused('refused');
      sent.push(item.body);
      return { id: `m-${item.body}` };
    },
    isTransient: (err: unknown) => err instanceof Offline,
    describe: (err: unknown) => (err as Error).message,
  };
  return { storage, sent, state, delivery, box: new Outbox('k', delivery, storage) };
}

describe('Outbox', () => {
  it('keeps replies typed offline, pending, and sends them in order when flushed online', async () => {
    const h = harness();
    h.box.add('c1', 'first');
    h.box.add('c1', 'second');
    await h.box.flush();
    expect(h.sent).to.deep.equal([]);
    expect(h.box.list('c1').map((i) => [i.body, i.state])).to.deep.equal([
      ['first', 'pending'],
      ['second', 'pending'],
    ]);
    h.state.online = true;
    await h.box.flush();
    expect(h.sent).to.deep.equal(['first', 'second']);
    expect(h.box.list()).to.deep.equal([]);
  });

  it('survives a reload: a new outbox over the same storage still holds the queue', async () => {
    const h = harness();
    h.box.add('c1', 'kept');
    const again = new Outbox('k', h.delivery, h.storage);
    expect(again.list().map((i) => i.body)).to.deep.equal(['kept']);
    h.state.online = true;
    await again.flush();
    expect(h.sent).to.deep.equal(['kept']);
  });

  it('marks a refused reply failed, keeps going with the next, and can retry or discard it', async () => {
    const h = harness();
    h.state.online = true;
    h.state.refuse.add('bad');
    h.box.add('c1', 'bad');
    h.box.add('c1', 'good');
    await h.box.flush();
    expect(h.sent).to.deep.equal(['good']);
    const [failed] = h.box.list();
    expect(failed).to.include({ body: 'bad', state: 'failed', error: 'refused' });
    h.state.refuse.clear();
    h.box.retry(failed!.id);
    await h.box.flush();
    expect(h.sent).to.deep.equal(['good', 'bad']);
    h.box.add('c1', 'gone');
    h.state.online = false;
    await h.box.flush();
    h.box.discard(h.box.list()[0]!.id);
    expect(h.box.list()).to.deep.equal([]);
  });

  it('tells listeners what each delivery returned', async () => {
    const h = harness();
    h.state.online = true;
    const seen: unknown[] = [];
    h.box.onDelivered((item, result) => seen.push([item.body, result]));
    h.box.add('c1', 'hello');
    await h.box.flush();
    expect(seen).to.deep.equal([['hello', { id: 'm-hello' }]]);
  });

  it('shares one pass between concurrent flushes, so nothing is sent twice', async () => {
    const h = harness();
    h.state.online = true;
    h.box.add('c1', 'a');
    h.box.add('c1', 'b');
    await Promise.all([h.box.flush(), h.box.flush(), h.box.flush()]);
    expect(h.sent).to.deep.equal(['a', 'b']);
  });
});
