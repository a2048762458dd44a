import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { DurableEvent } from '@bacon/sdk';
import { startInboxHost, type InboxTestHost } from '../support/inbox-host.js';
import { inbound } from '../support/fixtures.js';
import { waitFor } from '@bacon/host/testing';

describe('the inbox writes its events to the durable log (transactional outbox)', () => {
  let t: InboxTestHost;
  before(async () => {
    t = await startInboxHost({ config: { eventsPollMs: 100 } });
  });
  after(async () => {
    await t?.close();
  });

  it('appends a message and its conversation, keyed by the conversation with its seq, in the same transaction, with one statement', async () => {
    const tenantId = randomUUID();
    const seen: DurableEvent[] = [];
    const consumer = await t.host.services.events.consume('test.inbox-outbox', ['message.*', 'conversation.*'], async (e) => {
      if (e.tenantId === tenantId) seen.push(e);
    });
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    const { knex } = t.host.services.db;
    knex.on('query', onQuery);
    let result;
    try {
      result = await t.api.ingestInbound(tenantId, inbound({ text: 'where is my parcel?' }));
    } finally {
      knex.off('query', onQuery);
    }
    const conversationId = result.conversation.id;
    expect(
      statements.filter((s) => /insert into "host_events"/i.test(s)),
      'one multi-row insert',
    ).to.have.length(1);
    const rows = await knex('host_events').where({ tenant_id: tenantId }).orderBy('id');
    expect(rows.map((r) => r.topic)).to.include.members(['conversation.created', 'message.created']);
    const msg = rows.find((r) => r.topic === 'message.created')!;
    expect(msg).to.include({ key: conversationId, seq: 1 });
    expect(JSON.stringify(msg.payload)).to.contain('where is my parcel?');
    await waitFor(() => seen.some((e) => e.topic === 'message.created' && e.key === conversationId), {
      what: 'the consumer to get the message',
      timeoutMs: 20_000,
    });
    await consumer.stop();
  });

  it('writes a message into an open conversation, its events included, in ONE statement, with the payloads a unit of work would write', async () => {
    const tenantId = randomUUID();
    const first = await t.api.ingestInbound(tenantId, inbound({ text: 'first', thread: 'thread-one-statement' }));
    const statements: string[] = [];
    const onQuery = (q: { sql: string }) => statements.push(q.sql);
    const { knex } = t.host.services.db;
    knex.on('query', onQuery);
    let next;
    try {
      next = await t.api.ingestInbound(tenantId, inbound({ text: 'second', thread: 'thread-one-statement' }));
    } finally {
      knex.off('query', onQuery);
    }
    expect(next.conversation.id).to.equal(first.conversation.id);
    expect(next.message.seq).to.equal(2);
    const writes = statements.filter((s) => !/^select \* from "inbox_settings"/i.test(s));
    expect(writes, 'the write and its events').to.have.length(1);
    expect(writes[0]).to.match(/insert into host_events/i);
    const rows = await knex('host_events').where({ tenant_id: tenantId, seq: 2 }).orderBy('id');
    const payload = (topic: string) => JSON.parse(JSON.stringify(rows.find((r) => r.topic === topic)!.payload));
    expect(payload('message.created')).to.deep.equal(
      JSON.parse(JSON.stringify({ conversationId: next.conversation.id, visibility: 'public', message: next.message })),
    );
    expect(payload('conversation.updated')).to.deep.equal(
      JSON.parse(JSON.stringify({ conversationId: next.conversation.id, conversation: next.conversation })),
    );
    expect(next.conversation).to.include({ lastSeq: 2, preview: 'second' });

    // The agent's reply shares the write: one statement too, with the same payloads as its bus events.
    statements.length = 0;
    knex.on('query', onQuery);
    let reply;
    try {
      reply = await t.api.sendAgentMessage(tenantId, next.conversation.id, { authorId: randomUUID(), text: 'on its way' });
    } finally {
      knex.off('query', onQuery);
    }
    expect(statements).to.have.length(1);
    expect(reply).to.include({ seq: 3, authorKind: 'agent', channel: 'web' });
    const [created, updated] = await knex('host_events').where({ tenant_id: tenantId, seq: 3 }).orderBy('id');
    expect(JSON.parse(JSON.stringify(created.payload))).to.deep.equal(
      JSON.parse(JSON.stringify({ conversationId: next.conversation.id, visibility: 'public', message: reply })),
    );
    const conversation = JSON.parse(JSON.stringify(updated.payload)).conversation;
    expect(conversation).to.deep.equal(JSON.parse(JSON.stringify(await t.api.getConversation(tenantId, next.conversation.id))));
    expect(conversation).to.include({ waitingSince: null, lastSeq: 3, preview: 'on its way' });
    expect(conversation.firstResponseAt).to.be.a('string');
  });

  it('carries the cause automation gives a change on every event of that change, and on none other', async () => {
    const tenantId = randomUUID();
    const { conversation } = await t.api.ingestInbound(tenantId, inbound({ text: 'hello', thread: 'thread-cause' }));
    const cause = { eventId: '42', ruleId: randomUUID(), depth: 1 };
    await t.api.sendAgentMessage(tenantId, conversation.id, { authorId: null, authorKind: 'bot', text: 'auto', cause });
    await t.api.transition(tenantId, conversation.id, 'closed', { actor: { kind: 'plugin', cause: { ...cause, depth: 2 } } });
    await t.api.transition(tenantId, conversation.id, 'new');
    const rows = await t.host.services.db.knex('host_events').where({ tenant_id: tenantId }).orderBy('id');
    const seen = rows.map((r) => {
      const p = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
      return [r.topic, p.cause?.depth ?? null];
    });
    expect(seen).to.deep.equal([
      ['conversation.created', null],
      ['message.created', null],
      ['conversation.updated', null],
      ['message.created', 1],
      ['conversation.updated', 1],
      ['conversation.transitioned', 2],
      ['conversation.transitioned', null],
    ]);
  });
});
