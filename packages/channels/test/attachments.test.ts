import { expect } from 'chai';
import { startWidgetHost, openVisitor, startConversation, type WidgetTestHost, type Visitor } from './support/widget-host.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

describe('attachments both ways (agent uploads, limits, serving)', () => {
  let t: WidgetTestHost;
  let v: Visitor;
  let conversationId: string;
  const agentUpload = (conv: string, name: string, type: string, bytes: Buffer) =>
    fetch(`${t.url}/api/v1/channels/conversations/${conv}/attachments?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: t.agent.headers.authorization!, 'content-type': type },
      body: new Uint8Array(bytes),
    });
  const widget = (method: string, path: string, body?: unknown, visitor: Visitor = v) =>
    fetch(`${t.url}/widget/v1${path}`, { method, headers: visitor.headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const settings = (body: unknown) =>
    fetch(`${t.url}/api/v1/plugins/channels/settings`, {
      method: 'PUT',
      headers: { ...t.admin.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  before(async () => {
    t = await startWidgetHost();
    v = await openVisitor(t);
    ({ conversationId } = await startConversation(t.url, v, 'can you send me the invoice?'));
  });
  after(async () => {
    await t?.close();
  });

  it('an agent uploads an image, replies with it, and the conversation’s visitor (only) reads it inline', async () => {
    const up = await agentUpload(conversationId, 'screen shot.png', 'image/png', PNG);
    expect(up.status).to.equal(201);
    const a = (await up.json()) as { id: string; url: string; size: number };
    expect(a).to.include({ size: PNG.length, url: `/api/v1/channels/attachments/${a.id}` });
    const reply = await fetch(`${t.url}/api/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { ...t.agent.headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Here it is',
        attachments: [{ name: 'screen shot.png', contentType: 'image/png', size: PNG.length, url: `${t.url}${a.url}` }],
      }),
    });
    expect(reply.status).to.equal(201);
    const transcript = (await (await widget('GET', `/conversations/${conversationId}/messages`)).json()) as {
      messages: { text: string; attachments?: { url: string }[] }[];
    };
    expect(transcript.messages.find((m) => m.text === 'Here it is')?.attachments?.[0]?.url).to.equal(`${t.url}${a.url}`);

    const seen = await widget('GET', `/attachments/${a.id}`);
    expect(seen.status).to.equal(200);
    expect(seen.headers.get('content-type')).to.equal('image/png');
    expect(seen.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(seen.headers.get('content-disposition')).to.match(/^inline; filename="screen_shot.png"; filename\*=UTF-8''screen%20shot.png$/);
    expect(Buffer.from(await seen.arrayBuffer()).equals(PNG)).to.equal(true);
    expect((await widget('GET', `/attachments/${a.id}`, undefined, await openVisitor(t))).status).to.equal(404);
    const agent = await fetch(`${t.url}${a.url}`, { headers: t.agent.headers });
    expect(agent.status).to.equal(200);
  });

  it('serves other files as downloads, and a visitor’s upload to agents', async () => {
    const up = await widget('POST', '/attachments', {
      name: 'notes.txt',
      contentType: 'text/plain',
      data: Buffer.from('hello').toString('base64'),
    });
    expect(up.status).to.equal(201);
    const { id } = (await up.json()) as { id: string };
    const got = await fetch(`${t.url}/api/v1/channels/attachments/${id}`, { headers: t.agent.headers });
    expect(got.status).to.equal(200);
    expect(got.headers.get('content-disposition')).to.match(/^attachment; filename="notes.txt"/);
    expect(got.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(await got.text()).to.equal('hello');
  });

  it('refuses bad input with a clear 4xx: wrong type, a lying image, empty, a NUL in the name, an unknown conversation', async () => {
    const code = async (res: Response) => [res.status, ((await res.json()) as { error: { code: string } }).error.code];
    expect(await code(await agentUpload(conversationId, 'a.html', 'text/html', Buffer.from('<script>')))).to.deep.equal([
      415,
      'attachment_type_refused',
    ]);
    expect(await code(await agentUpload(conversationId, 'a.png', 'image/png', Buffer.from('<svg/>')))).to.deep.equal([
      400,
      'attachment_content_mismatch',
    ]);
    expect(await code(await agentUpload(conversationId, 'a.txt', 'text/plain', Buffer.alloc(0)))).to.deep.equal([400, 'attachment_empty']);
    // A NUL anywhere in a request is the host's refusal; other control characters and slashes are the name check's.
    expect(await code(await agentUpload(conversationId, 'a\0b.png', 'image/png', PNG))).to.deep.equal([400, 'invalid_characters']);
    const nul = await widget('POST', '/attachments', { name: 'x\u0000.txt', contentType: 'text/plain', data: 'aGk=' });
    expect(await code(nul)).to.deep.equal([400, 'invalid_characters']);
    expect(await code(await agentUpload(conversationId, 'a\tb.png', 'image/png', PNG))).to.deep.equal([400, 'attachment_name_invalid']);
    const slash = await widget('POST', '/attachments', { name: '../x.txt', contentType: 'text/plain', data: 'aGk=' });
    expect(await code(slash)).to.deep.equal([400, 'attachment_name_invalid']);
    const missing = await agentUpload('00000000-0000-4000-8000-000000000000', 'a.png', 'image/png', PNG);
    expect(missing.status).to.equal(404);
    const other = await fetch(`${t.url}/api/v1/channels/attachments/00000000-0000-4000-8000-000000000000`, { headers: t.agent.headers });
    expect(other.status).to.equal(404);
  });

  it('applies the tenant’s limits, and shows them before an upload (console and widget)', async () => {
    expect((await settings({ maxAttachmentBytes: 2048, attachmentTypes: ['image/png', 'text/plain'] })).status).to.equal(200);
    const limits = await (await fetch(`${t.url}/api/v1/channels/attachment-limits`, { headers: t.agent.headers })).json();
    expect(limits).to.deep.equal({ maxBytes: 2048, types: ['image/png', 'text/plain'] });
    const shown = (await (await widget('GET', '/appearance')).json()) as { uploads: unknown };
    expect(shown.uploads).to.deep.equal({ maxBytes: 2048, types: ['image/png', 'text/plain'] });
    const big = await agentUpload(conversationId, 'big.txt', 'text/plain', Buffer.alloc(2049, 'a'));
    expect(big.status).to.equal(400);
    expect(((await big.json()) as { error: { code: string; details: unknown } }).error).to.deep.include({
      code: 'attachment_too_large',
      details: { field: 'data', maxBytes: 2048 },
    });
    const pdf = await widget('POST', '/attachments', { name: 'a.pdf', contentType: 'application/pdf', data: 'JVBERi0=' });
    expect(pdf.status).to.equal(415);
    expect((await settings({})).status).to.equal(200);
  });

  it('keeps an agent’s file for a web conversation with its visitor: the contact’s erasure removes it', async () => {
    const up = await agentUpload(conversationId, 'to-erase.png', 'image/png', PNG);
    const { id } = (await up.json()) as { id: string };
    const { knex } = t.host.services.db;
    const row = await knex('channels_attachments').where({ id }).first();
    const owner = await knex('channels_web_conversations').where({ conversation_id: conversationId }).first();
    // The channels' erasure holder deletes a contact's files by their visitor key (see contact-erasure.test.ts).
    expect(row).to.include({ visitor_key: owner.visitor_key, conversation_id: conversationId, uploaded_by: t.agent.user.id });
  });
});
