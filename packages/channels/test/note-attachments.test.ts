import { expect } from 'chai';
import { createTestTenant, createTestUser } from '@bacon/host/testing';
import type { Note } from '@bacon/inbox-contract';
import { conversationRoom } from '../src/public-message.js';
import {
  startWidgetHost,
  openVisitor,
  startConversation,
  recordingSocket,
  type WidgetTestHost,
  type Visitor,
  type RecordingSocket,
} from './support/widget-host.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

type Uploaded = { id: string; name: string; contentType: string; size: number; url: string };

describe('attachments on private notes (agents only)', () => {
  let t: WidgetTestHost;
  let v: Visitor;
  let conversationId: string;
  let widgetSocket: RecordingSocket;
  const json = { 'content-type': 'application/json' };
  const upload = async (conv: string, name: string, type: string, bytes: Buffer, headers = t.agent.headers) => {
    const res = await fetch(`${t.url}/api/v1/channels/conversations/${conv}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: headers.authorization!, 'content-type': type },
      body: new Uint8Array(bytes),
    });
    expect(res.status, await res.clone().text()).to.equal(201);
    return (await res.json()) as Uploaded;
  };
  const addNote = (conv: string, body: unknown, headers = t.agent.headers) =>
    fetch(`${t.url}/api/v1/conversations/${conv}/notes`, { method: 'POST', headers: { ...headers, ...json }, body: JSON.stringify(body) });
  const ref = (a: Uploaded) => ({ name: a.name, contentType: a.contentType, size: a.size, url: `${t.url}${a.url}` });
  const error = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];

  before(async () => {
    t = await startWidgetHost();
    v = await openVisitor(t);
    ({ conversationId } = await startConversation(t.url, v, 'my order never came'));
    widgetSocket = await recordingSocket(t.url, '/widget', v.token);
    await widgetSocket.emit('room:join', { room: conversationRoom(conversationId) });
  });
  after(async () => {
    widgetSocket?.close();
    await t?.close();
  });

  it('a note carries uploaded files: stored as uploaded, in its event, in the notes list, readable by agents', async () => {
    const agentSocket = await recordingSocket(t.url, '/agent', t.agent.token);
    try {
      await agentSocket.emit('room:join', { room: conversationRoom(conversationId) });
      const image = await upload(conversationId, 'parcel.png', 'image/png', PNG);
      const text = await upload(conversationId, 'tracking.txt', 'text/plain', Buffer.from('RR123'));
      const res = await addNote(conversationId, {
        body: 'Carrier says lost',
        attachments: [ref(image), { ...ref(text), name: 'lie.txt', size: 1 }],
      });
      expect(res.status).to.equal(201);
      const note = (await res.json()) as Note;
      // The stored upload is the truth: its name and size, whatever the reference said; the url is the agents' route.
      expect(note.attachments).to.deep.equal([
        { name: 'parcel.png', contentType: 'image/png', size: PNG.length, url: image.url },
        { name: 'tracking.txt', contentType: 'text/plain', size: 5, url: text.url },
      ]);
      await agentSocket.until((es) => es.some((e) => e.topic === 'note.created'), 'note.created');
      const live = agentSocket.events.find((e) => e.topic === 'note.created')!.payload as { note: Note };
      expect(live.note.attachments).to.deep.equal(note.attachments);

      const list = (await (await fetch(`${t.url}/api/v1/conversations/${conversationId}/notes`, { headers: t.agent.headers })).json()) as {
        items: Note[];
      };
      expect(list.items.find((n) => n.id === note.id)?.attachments).to.deep.equal(note.attachments);
      const read = await fetch(`${t.url}${image.url}`, { headers: t.agent.headers });
      expect(read.status).to.equal(200);
      expect(Buffer.from(await read.arrayBuffer()).equals(PNG)).to.equal(true);
      // An edit keeps the files and takes no new ones.
      const edit = (body: unknown) =>
        fetch(`${t.url}/api/v1/conversations/${conversationId}/notes/${note.id}`, {
          method: 'PATCH',
          headers: { ...t.agent.headers, ...json },
          body: JSON.stringify(body),
        });
      const edited = (await (await edit({ body: 'Carrier says lost, refund' })).json()) as Note;
      expect(edited.attachments).to.deep.equal(note.attachments);
      expect((await edit({ body: 'x', attachments: [ref(image)] })).status).to.equal(400);
    } finally {
      agentSocket.close();
    }
  });

  it('never shows a note’s file to the visitor: not in the widget transcript, its live events, the file route or the transcript export', async () => {
    const file = await upload(conversationId, 'internal.png', 'image/png', PNG);
    const created = (await (await addNote(conversationId, { body: 'Internal: fraud check', attachments: [ref(file)] })).json()) as Note;
    // A reply after the note: once the widget has it live, the note's events (had there been any) came before it.
    const reply = await fetch(`${t.url}/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...t.agent.headers, ...json },
      body: JSON.stringify({ text: 'We are checking with the carrier' }),
    });
    expect(reply.status).to.equal(201);
    await widgetSocket.until(
      (es) => es.some((e) => JSON.stringify(e.payload).includes('We are checking with the carrier')),
      'the reply on the widget socket',
    );
    const seen = JSON.stringify(widgetSocket.events);
    expect(seen).not.to.include(file.id);
    expect(seen).not.to.include('fraud check');

    const transcript = await (await fetch(`${t.url}/widget/v1/conversations/${conversationId}/messages`, { headers: v.headers })).text();
    expect(transcript).to.include('We are checking with the carrier');
    expect(transcript).not.to.include(file.id);
    expect(transcript).not.to.include('internal.png');
    expect((await fetch(`${t.url}/widget/v1/attachments/${file.id}`, { headers: v.headers })).status).to.equal(404);
    // What channel sends and the offline email read: the conversation's messages, never its notes.
    const exported = JSON.stringify(await t.inbox.exportTranscript(t.agent.user.tenantId, conversationId));
    expect(exported).to.include('We are checking with the carrier');
    expect(exported).not.to.include(file.id);
    const messages = await (await fetch(`${t.url}/api/v1/conversations/${conversationId}/messages`, { headers: t.agent.headers })).text();
    expect(messages).not.to.include(file.id);
    expect(created.attachments?.[0]?.url).to.equal(file.url);
  });

  it('refuses a file that is not an upload of this conversation, with a clear 4xx, and saves no note', async () => {
    const other = await startConversation(t.url, await openVisitor(t), 'another question');
    const elsewhere = await upload(other.conversationId, 'elsewhere.png', 'image/png', PNG);
    expect(await error(await addNote(conversationId, { body: 'x', attachments: [ref(elsewhere)] }))).to.deep.equal([
      400,
      'attachment_other_conversation',
    ]);
    const missing = {
      name: 'a.png',
      contentType: 'image/png',
      size: 1,
      url: `${t.url}/api/v1/channels/attachments/00000000-0000-4000-8000-000000000000`,
    };
    expect(await error(await addNote(conversationId, { body: 'x', attachments: [missing] }))).to.deep.equal([404, 'attachment_not_found']);
    const foreign = { ...missing, url: 'https://example.com/cat.png' };
    expect(await error(await addNote(conversationId, { body: 'x', attachments: [foreign] }))).to.deep.equal([400, 'attachment_not_upload']);
    expect(await error(await addNote(conversationId, { body: 'x', attachments: [{ ...missing, url: undefined }] }))).to.deep.equal([
      400,
      'attachment_not_upload',
    ]);
    expect((await addNote(conversationId, { body: 'x', attachments: [{ name: 'a' }] })).status).to.equal(400);
    expect((await addNote(conversationId, { body: 'x', attachments: [{ ...missing, name: 'a\u0000.png' }] })).status).to.equal(400);
    // Another tenant's upload is no file of this one; its conversations are not found either.
    const tenant = await createTestTenant(t.host);
    const stranger = await createTestUser(t.host, { role: 'agent', tenantId: tenant.id });
    const { conversation } = await t.inbox.ingestInbound(tenant.id, {
      channel: 'web',
      externalConversationId: 'other-tenant-thread',
      externalMessageId: 'other-tenant-1',
      contact: { externalId: 'other-tenant-contact' },
      text: 'hello from elsewhere',
    });
    const theirs = await upload(conversation.id, 'theirs.png', 'image/png', PNG, stranger.headers);
    expect(await error(await addNote(conversationId, { body: 'x', attachments: [ref(theirs)] }))).to.deep.equal([
      404,
      'attachment_not_found',
    ]);
    expect((await addNote(conversation.id, { body: 'x', attachments: [ref(theirs)] })).status).to.equal(404);
    const list = (await (await fetch(`${t.url}/api/v1/conversations/${conversationId}/notes`, { headers: t.agent.headers })).json()) as {
      items: Note[];
    };
    expect(list.items.filter((n) => n.body === 'x')).to.deep.equal([]);
  });
});
