import { expect } from 'chai';
import type request from 'supertest';
import { createAjv } from '@bacon/host';
import {
  agentSchema,
  contactSchema,
  conversationListItemSchema,
  conversationSchema,
  INBOX_TOPICS,
  macroSchema,
  messageSchema,
  noteSchema,
  pageSchema,
  settingsSchema,
  type InboxTopic,
} from '@bacon/inbox-contract';
import type { JsonSchema } from '@bacon/sdk';
import { withRouteHost } from '../support/route-host.js';
import type { InboxTestHost } from '../support/inbox-host.js';
import type { Team } from '../support/team.js';
import { captureEvents, inbound } from '../support/fixtures.js';

/** The inbox keeps the promises of `@bacon/inbox-contract`: its routes and events carry the contract's records. */
describe('the inbox and @bacon/inbox-contract', () => {
  let t: InboxTestHost;
  let team: Team;
  let http: ReturnType<typeof request>;
  const ajv = createAjv({ useDefaults: false });

  withRouteHost(1, (r) => ({ t, team, http } = r));

  function expectValid(schema: JsonSchema, value: unknown, what: string): void {
    const validate = ajv.compile(schema);
    expect(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`).to.equal(true);
  }

  it('declares its record responses with the contract schemas (as published in OpenAPI)', async () => {
    const { paths } = (await http.get('/api/v1/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content: { 'application/json': { schema: unknown } } }> }>>;
    };
    const ok = (path: string, method: string, status = '200') =>
      paths[path]![method]!.responses[status]!.content['application/json'].schema;
    expect(ok('/api/v1/conversations', 'get')).to.deep.equal(pageSchema(conversationListItemSchema));
    expect(ok('/api/v1/conversations/{id}/messages', 'get')).to.deep.equal(pageSchema(messageSchema));
    expect(ok('/api/v1/conversations/{id}/transition', 'post')).to.deep.equal(conversationSchema);
    expect(ok('/api/v1/conversations/{id}/notes', 'post', '201')).to.deep.equal(noteSchema);
    expect(ok('/api/v1/macros', 'post', '201')).to.deep.equal(macroSchema);
    expect(ok('/api/v1/inbox/settings', 'get')).to.deep.equal(settingsSchema);
    expect((ok('/api/v1/conversations/{id}', 'get') as { properties: unknown }).properties).to.deep.equal({
      conversation: conversationSchema,
      contact: contactSchema,
    });
    expect((ok('/api/v1/inbox/agents', 'get') as { properties: { items: { items: unknown } } }).properties.items.items).to.deep.equal(
      agentSchema,
    );
  });

  it('answers records and publishes event payloads that validate against the contract', async () => {
    const agent = team.agents[0]!;
    const cap = captureEvents(t.host.services.bus);
    const { conversation } = await t.api.ingestInbound(team.tenantId, inbound());
    const id = conversation.id;
    await http.post(`/api/v1/conversations/${id}/assign`).set(agent.headers).send({ agentId: agent.user.id }).expect(200);
    const reply = await http.post(`/api/v1/conversations/${id}/messages`).set(agent.headers).send({ text: 'Hello' }).expect(201);
    const note = await http.post(`/api/v1/conversations/${id}/notes`).set(agent.headers).send({ body: 'internal' }).expect(201);
    await http.patch(`/api/v1/conversations/${id}/notes/${note.body.id}`).set(agent.headers).send({ body: 'edited' }).expect(200);
    await http.delete(`/api/v1/conversations/${id}/notes/${note.body.id}`).set(agent.headers).expect(204);
    await http.post(`/api/v1/conversations/${id}/transition`).set(agent.headers).send({ to: 'closed' }).expect(200);
    cap.stop();

    expectValid(messageSchema, reply.body, 'POST messages');
    const one = (await http.get(`/api/v1/conversations/${id}`).set(agent.headers).expect(200)).body;
    expectValid(conversationSchema, one.conversation, 'GET conversation');
    expectValid(contactSchema, one.contact, 'GET conversation contact');
    expectValid(
      pageSchema(messageSchema),
      (await http.get(`/api/v1/conversations/${id}/messages`).set(agent.headers).expect(200)).body,
      'GET messages',
    );

    const seen = new Set(cap.topics());
    for (const topic of INBOX_TOPICS) expect(seen, `a ${topic} event`).to.include(topic);
    for (const e of cap.events) {
      expect(INBOX_TOPICS as readonly string[], e.topic).to.include(e.topic);
      const topic = e.topic as InboxTopic;
      expect(e.payload.conversationId, topic).to.equal(id);
      if (topic.startsWith('conversation.')) expectValid(conversationSchema, e.payload.conversation, topic);
      if (topic === 'message.created') expectValid(messageSchema, e.payload.message, topic);
      if (topic === 'note.created' || topic === 'note.updated') expectValid(noteSchema, e.payload.note, topic);
    }
  });
});
