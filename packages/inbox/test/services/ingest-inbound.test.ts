import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startInboxHost, type InboxTestHost } from '../support/inbox-host.js';
import { captureEvents, inbound } from '../support/fixtures.js';

describe('ingestInbound', () => {
  let t: InboxTestHost;
  const tenantId = randomUUID();

  before(async () => {
    t = await startInboxHost();
  });
  after(async () => {
    await t?.close();
  });

  it('makes the contact and the conversation on first sight and numbers the message 1', async () => {
    const msg = inbound({ text: 'Where is my order?' });
    const r = await t.api.ingestInbound(tenantId, msg);
    expect(r.created).to.equal(true);
    expect(r.duplicate).to.equal(false);
    expect(r.conversation).to.include({
      state: 'new',
      channel: 'web',
      externalId: msg.externalConversationId,
      lastSeq: 1,
      assigneeId: null,
      preview: 'Where is my order?',
    });
    expect(r.conversation.firstInboundAt).to.be.a('string');
    expect(r.conversation.waitingSince).to.equal(r.conversation.firstInboundAt);
    expect(r.message).to.include({ seq: 1, authorKind: 'contact', body: 'Where is my order?', externalId: msg.externalMessageId });
  });

  it('is idempotent by (tenant, channel, provider message id), also under concurrent deliveries', async () => {
    const msg = inbound();
    const results = await Promise.all(Array.from({ length: 8 }, () => t.api.ingestInbound(tenantId, msg)));
    expect(results.filter((r) => !r.duplicate)).to.have.length(1);
    expect(new Set(results.map((r) => r.message.id)).size).to.equal(1);
    const messages = await t.api.listMessagesSince(tenantId, results[0]!.conversation.id, 0);
    expect(messages).to.have.length(1);
  });

  it('treats one provider message delivered at once on two threads as one message, never an error', async () => {
    const msg = inbound();
    const other = inbound();
    const results = await Promise.all([
      ...Array.from({ length: 4 }, () => t.api.ingestInbound(tenantId, msg)),
      ...Array.from({ length: 4 }, () =>
        t.api.ingestInbound(tenantId, { ...msg, externalConversationId: other.externalConversationId, contact: other.contact }),
      ),
    ]);
    expect(results.filter((r) => !r.duplicate)).to.have.length(1);
    expect(new Set(results.map((r) => r.message.id)).size).to.equal(1);
  });

  it('keeps the same provider message id apart across tenants and channels', async () => {
    const msg = inbound();
    const a = await t.api.ingestInbound(tenantId, msg);
    const b = await t.api.ingestInbound(randomUUID(), msg);
    const c = await t.api.ingestInbound(tenantId, { ...msg, channel: 'whatsapp' });
    expect([a.duplicate, b.duplicate, c.duplicate]).to.deep.equal([false, false, false]);
    expect(new Set([a.conversation.id, b.conversation.id, c.conversation.id]).size).to.equal(3);
  });

  it('makes one conversation for concurrent first messages of a thread and numbers them 1..N without gaps', async () => {
    const thread = `thread-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 20 }, () => t.api.ingestInbound(tenantId, inbound({ thread }))));
    expect(new Set(results.map((r) => r.conversation.id)).size).to.equal(1);
    expect(results.filter((r) => r.created)).to.have.length(1);
    const conv = (await t.api.findConversationByExternalId(tenantId, 'web', thread))!;
    const seqs = (await t.api.listMessagesSince(tenantId, conv.id, 0)).map((m) => m.seq);
    expect(seqs).to.deep.equal(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(conv.lastSeq).to.equal(20);
  });

  it('reopens a closed conversation to the new queue', async () => {
    const thread = `thread-${randomUUID()}`;
    const first = await t.api.ingestInbound(tenantId, inbound({ thread }));
    await t.api.transition(tenantId, first.conversation.id, 'closed');
    const again = await t.api.ingestInbound(tenantId, inbound({ thread }));
    expect(again.conversation.id).to.equal(first.conversation.id);
    expect(again.conversation.state).to.equal('new');
    expect(again.conversation.closedAt).to.equal(null);
  });

  it('wakes a snoozed conversation early when the contact writes', async () => {
    const thread = `thread-${randomUUID()}`;
    const first = await t.api.ingestInbound(tenantId, inbound({ thread }));
    await t.api.transition(tenantId, first.conversation.id, 'snoozed', { until: new Date(Date.now() + 3_600_000) });
    const again = await t.api.ingestInbound(tenantId, inbound({ thread }));
    expect(again.conversation).to.include({ state: 'new', snoozedUntil: null });
  });

  it('stores rich components and attachments in the payload', async () => {
    const r = await t.api.ingestInbound(
      tenantId,
      inbound({
        components: [{ type: 'quick_replies', text: 'Pick', options: [{ label: 'A', value: 'a' }] }],
        attachments: [{ name: 'a.png', contentType: 'image/png', size: 10 }],
      }),
    );
    expect(r.message.payload).to.deep.include({ attachments: [{ name: 'a.png', contentType: 'image/png', size: 10 }] });
    expect((r.message.payload!.components as unknown[])[0]).to.include({ type: 'quick_replies' });
  });

  it('runs the redaction hooks on the text before storing it', async () => {
    const seen: string[] = [];
    const off = t.api.redaction.register((text, ctx) => {
      seen.push(ctx.purpose);
      return text.replace(/\d{4}-\d{4}-\d{4}-\d{4}/g, '[card]');
    });
    try {
      const r = await t.api.ingestInbound(tenantId, inbound({ text: 'my card is 4111-1111-1111-1111' }));
      expect(r.message.body).to.equal('my card is [card]');
      expect(seen).to.deep.equal(['ingest']);
    } finally {
      off();
    }
    const after = await t.api.ingestInbound(tenantId, inbound({ text: '4111-1111-1111-1111' }));
    expect(after.message.body).to.equal('4111-1111-1111-1111');
  });

  it('publishes conversation.created and message.created with the sequence number, after the commit', async () => {
    const cap = captureEvents(t.host.services.bus);
    let seen!: (found: boolean) => void;
    const committed = new Promise<boolean>((resolve) => (seen = resolve));
    const off = t.host.services.bus.subscribe('message.created', async (e) => {
      const id = (e.payload as { message: { id: string } }).message.id;
      seen(!!(await t.host.services.db.knex('inbox_messages').where({ id }).first()));
    });
    try {
      const r = await t.api.ingestInbound(tenantId, inbound());
      const mine = cap.events.filter((e) => e.payload.conversationId === r.conversation.id);
      expect(mine.map((e) => e.topic)).to.include.members(['conversation.created', 'message.created', 'conversation.updated']);
      const created = mine.find((e) => e.topic === 'message.created')!;
      expect(created).to.include({ tenantId, seq: 1 });
      expect(created.payload).to.include({ visibility: 'public' });
      expect(await committed).to.equal(true);
    } finally {
      cap.stop();
      off();
    }
  });
});
