import { expect } from 'chai';
import nock from 'nock';
import {
  startAssistHost,
  createTeam,
  configure,
  conversationWith,
  parseSse,
  type AssistTestHost,
  type Team,
} from './support/assist-host.js';

const OPENAI = 'https://llm.example.test';
const ANTHROPIC = 'https://anthropic.example.test';
const PII = ['grace.hopper@example.org', '+44 20 7946 0958', '4111 1111 1111 1111', 'CUST-99812'];

/** The nock interceptor's bodies, kept to scan them for personal data. */
function recorder() {
  const bodies: string[] = [];
  const headers: Record<string, string | string[] | undefined>[] = [];
  return {
    bodies,
    headers,
    take(body: unknown) {
      bodies.push(JSON.stringify(body));
      return true;
    },
  };
}

function openAiChunks(pieces: string[], usage?: { prompt_tokens: number; completion_tokens: number }): string {
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  let out = chunk({ role: 'assistant', content: '' });
  for (const p of pieces) out += chunk({ content: p });
  out += chunk({}, 'stop');
  if (usage)
    out += `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-test', choices: [], usage })}\n\n`;
  return `${out}data: [DONE]\n\n`;
}

function anthropicEvents(pieces: string[], input: number, output: number): string {
  const ev = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  let out = ev('message_start', {
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [],
      model: 'claude-test',
      usage: { input_tokens: input, output_tokens: 1 },
    },
  });
  out += ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  out += ev('ping', {});
  for (const p of pieces) out += ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: p } });
  out += ev('content_block_stop', { index: 0 });
  out += ev('message_delta', { delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: output } });
  out += ev('message_stop', {});
  return out;
}

describe('AI assist drafts from a provider', function () {
  this.timeout(120000);
  let t: AssistTestHost;
  let team: Team;
  let conversationId: string;

  before(async () => {
    t = await startAssistHost({ agentRate: { points: 1000, duration: 60 } });
    team = await createTeam(t.host);
    conversationId = await conversationWith(t, team.tenantId, [
      'Hi, my order #1001 has not arrived. Write to grace.hopper@example.org or call +44 20 7946 0958.',
      'I paid with 4111 1111 1111 1111, customer number CUST-99812.',
    ]);
    const note = await t.http
      .post(`/api/v1/conversations/${conversationId}/notes`)
      .set(team.agent.headers)
      .send({ body: 'SECRET-NOTE: customer is a VIP, offer a voucher' });
    expect(note.status).to.equal(201);
    const tag = await t.http
      .post(`/api/v1/conversations/${conversationId}/tags`)
      .set(team.agent.headers)
      .send({ add: ['shipping'] });
    expect(tag.status, JSON.stringify(tag.body)).to.be.oneOf([200, 201]);
  });
  after(async () => t?.close());

  describe('an OpenAI-compatible server', () => {
    before(async () => {
      await configure(t, team, {
        provider: 'openai',
        baseUrl: `${OPENAI}/v1`,
        model: 'gpt-test',
        apiKey: 'sk-test-key',
        enricherBudgetMs: 300,
        piiPatterns: [{ name: 'customer_no', pattern: 'CUST-\\d+' }],
        promptPricePerMillion: 2,
        completionPricePerMillion: 8,
      });
    });

    it('drafts from the transcript, notes, tags, contact, page and plugin context, with PII masked out and restored in', async () => {
      const rec = recorder();
      let auth: string | undefined;
      nock(OPENAI)
        .post('/v1/chat/completions', (b) => rec.take(b))
        .reply(function () {
          auth = this.req.headers.authorization as string;
          return [
            200,
            {
              id: 'chatcmpl-1',
              object: 'chat.completion',
              model: 'gpt-test',
              choices: [
                {
                  index: 0,
                  message: { role: 'assistant', content: 'Hello! I will email you at [email_a] about order #1001.' },
                  finish_reason: 'stop',
                },
              ],
              usage: { prompt_tokens: 812, completion_tokens: 19, total_tokens: 831 },
            },
          ];
        });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft`).set(team.agent.headers).send({});
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(auth).to.equal('Bearer sk-test-key');
      expect(res.headers['x-ai-trace-id']).to.equal(res.body.traceId);
      expect(res.body).to.deep.include({ kind: 'draft', provider: 'openai', model: 'gpt-test' });
      expect(res.body.text).to.equal('Hello! I will email you at grace.hopper@example.org about order #1001.');
      expect(res.body.usage).to.deep.include({ promptTokens: 812, completionTokens: 19, estimated: false });
      expect(res.body.usage.costUsd).to.be.closeTo((812 * 2 + 19 * 8) / 1e6, 1e-12);
      expect(res.body.maskedPii).to.be.at.least(4);

      const [body] = rec.bodies;
      const sent = JSON.parse(body!) as { model: string; messages: { role: string; content: string }[] };
      expect(sent.model).to.equal('gpt-test');
      expect(sent.messages[0]!.role).to.equal('system');
      const system = sent.messages[0]!.content;
      expect(system).to.include('"lastOrder":{"number":"#1001","status":"shipped"');
      expect(system).to.include('SECRET-NOTE');
      expect(system).to.include('shipping');
      expect(system).to.include('https://shop.example.test/orders/1001');
      expect(system).to.include('Grace Hopper');
      expect(system).to.include('[email_a]');
      expect(sent.messages.at(-1)!.role).to.equal('user');
      expect(sent.messages.at(-1)!.content).to.include('[card_a]').and.include('[customer_no_a]');

      const plugins = res.body.context.plugins as { pluginId: string; enricher: string; status: string; reason?: string }[];
      expect(plugins.find((p) => p.enricher === 'orders')).to.deep.include({ pluginId: 'fixture-shop', status: 'ok' });
      expect(plugins.find((p) => p.enricher === 'slow')).to.deep.include({ status: 'timeout', reason: 'No answer within 300 ms.' });
      expect(res.body.context).to.deep.include({ notes: 1, notesIncluded: true, tags: ['shipping'], messages: 2 });

      const row = await t.db('ai_assist_drafts').where({ id: res.body.id }).first();
      expect(row).to.deep.include({
        tenant_id: team.tenantId,
        conversation_id: conversationId,
        agent_id: team.agent.user.id,
        trace_id: res.body.traceId,
        kind: 'draft',
        prompt_tokens: 812,
        completion_tokens: 19,
      });
      expect(Number(row.cost_usd)).to.be.closeTo(res.body.usage.costUsd, 1e-12);
      const metrics = await t.http.get('/metrics');
      expect(metrics.text).to.match(/bacon_ai_tokens_total\{[^}]*provider="openai",model="gpt-test",type="prompt"\} \d+/);
      expect(metrics.text).to.match(/bacon_ai_cost_usd_total\{[^}]*provider="openai"/);
      expect(metrics.text).to.match(/bacon_ai_draft_duration_seconds_count\{[^}]*kind="draft"/);
    });

    it('leaves private notes out of the prompt when the request excludes them', async () => {
      const rec = recorder();
      nock(OPENAI)
        .post('/v1/chat/completions', (b) => rec.take(b))
        .reply(200, { choices: [{ message: { content: 'Sorry for the wait.' } }], usage: { prompt_tokens: 10, completion_tokens: 4 } });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft`).set(team.agent.headers).send({ includeNotes: false });
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(rec.bodies).to.have.length(1);
      expect(rec.bodies[0]).to.include('#1001').and.not.include('SECRET-NOTE');
      expect(res.body.context).to.deep.include({ notes: 0, notesIncluded: false });
    });

    it('streams the draft as server-sent events, a token cut across chunks restored whole', async () => {
      const rec = recorder();
      nock(OPENAI)
        .post('/v1/chat/completions', (b) => rec.take(b))
        .reply(200, openAiChunks(['We will call you on ', '[pho', 'ne_a] today', '.'], { prompt_tokens: 700, completion_tokens: 12 }), {
          'content-type': 'text/event-stream',
        });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft/stream`).set(team.agent.headers).send({});
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/event-stream/);
      const events = parseSse(res.text);
      expect(events[0]!.event).to.equal('context');
      expect(events[0]!.data.traceId).to.equal(res.headers['x-ai-trace-id']);
      const deltas = events.filter((e) => e.event === 'delta').map((e) => e.data.text as string);
      expect(deltas.length).to.be.at.least(2);
      expect(deltas.join('')).to.equal('We will call you on +44 20 7946 0958 today.');
      expect(deltas.some((d) => d.includes('[pho'))).to.equal(false);
      const done = events.at(-1)!;
      expect(done.event).to.equal('done');
      expect(done.data).to.deep.include({ text: 'We will call you on +44 20 7946 0958 today.', kind: 'draft' });
      expect(done.data.usage).to.deep.include({ promptTokens: 700, completionTokens: 12, estimated: false });
      expect(JSON.parse(rec.bodies[0]!)).to.deep.include({ stream: true, stream_options: { include_usage: true } });
    });

    it('estimates the tokens when a server streams no usage', async () => {
      nock(OPENAI)
        .post('/v1/chat/completions')
        .reply(200, openAiChunks(['Thanks, ', 'looking into it.']), { 'content-type': 'text/event-stream' });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft/stream`).set(team.agent.headers).send({});
      const done = parseSse(res.text).at(-1)!;
      expect(done.event).to.equal('done');
      expect(done.data.usage.estimated).to.equal(true);
      expect(done.data.usage.completionTokens).to.equal(Math.ceil('Thanks, looking into it.'.length / 4));
    });

    it('maps the provider refusing the key (401) to a clear 502', async () => {
      nock(OPENAI)
        .post('/v1/chat/completions')
        .reply(401, { error: { message: 'Incorrect API key provided: sk-te***', type: 'invalid_request_error' } });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft`).set(team.agent.headers).send({});
      expect(res.status).to.equal(502);
      expect(res.body.error.code).to.equal('ai_provider_auth_failed');
      expect(res.body.error.message).to.include('refused the API key').and.not.include('sk-te');
    });

    it("maps the provider's 429 to a 429 with its Retry-After", async () => {
      nock(OPENAI)
        .post('/v1/chat/completions')
        .reply(429, { error: { message: 'Rate limit reached' } }, { 'retry-after': '7' });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft/stream`).set(team.agent.headers).send({});
      expect(res.status).to.equal(429);
      expect(res.headers['retry-after']).to.equal('7');
      expect(res.body.error.code).to.equal('ai_provider_rate_limited');
    });

    it("maps the provider's 500 to a 502 that names it", async () => {
      nock(OPENAI)
        .post('/v1/chat/completions')
        .reply(500, { error: { message: 'The server had an error' } });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft`).set(team.agent.headers).send({});
      expect(res.status).to.equal(502);
      expect(res.body.error).to.deep.include({ code: 'ai_provider_failed' });
      expect(res.body.error.message).to.include('HTTP 500').and.include('The server had an error');
    });

    it('maps a provider that does not answer in time to a 504', async () => {
      await configure(t, team, {
        provider: 'openai',
        baseUrl: `${OPENAI}/v1`,
        model: 'gpt-test',
        apiKey: '********',
        timeoutMs: 1000,
        enricherBudgetMs: 100,
      });
      nock(OPENAI)
        .post('/v1/chat/completions')
        .delay(5000)
        .reply(200, { choices: [{ message: { content: 'late' } }] });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft`).set(team.agent.headers).send({});
      expect(res.status).to.equal(504);
      expect(res.body.error).to.deep.include({
        code: 'ai_provider_timeout',
        message: 'The AI provider (openai) did not answer within 1000 ms.',
      });
    });

    it('reports a stream the provider breaks off as an error event', async () => {
      await configure(t, team, {
        provider: 'openai',
        baseUrl: `${OPENAI}/v1`,
        model: 'gpt-test',
        apiKey: '********',
        enricherBudgetMs: 100,
      });
      nock(OPENAI).post('/v1/chat/completions').reply(200, 'data: {"choices":[{"delta":{"content":"Hel"}}]}\n\ndata: {not json\n\n', {
        'content-type': 'text/event-stream',
      });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft/stream`).set(team.agent.headers).send({});
      const events = parseSse(res.text);
      expect(events.map((e) => e.event)).to.deep.equal(['context', 'delta', 'error']);
      expect(events[2]!.data.error.code).to.equal('ai_provider_failed');
    });
  });

  describe('the connection test', () => {
    it("answers ok when the provider answers, and the provider's refusal otherwise", async () => {
      await configure(t, team, { provider: 'openai', baseUrl: `${OPENAI}/v1`, model: 'gpt-test', apiKey: 'sk-conn' });
      let auth: unknown;
      nock(OPENAI)
        .post('/v1/chat/completions')
        .reply(function () {
          auth = this.req.headers.authorization;
          return [200, { choices: [{ message: { content: 'ok' } }], usage: { prompt_tokens: 9, completion_tokens: 1 } }];
        });
      const ok = await t.http.post('/api/v1/plugins/ai-assist/test-connection').set(team.admin.headers).send({});
      expect(ok.body).to.deep.equal({ ok: true, detail: 'openai gpt-test answered (10 tokens).' });
      expect(auth).to.equal('Bearer sk-conn');
      nock(OPENAI)
        .post('/v1/chat/completions')
        .reply(401, { error: { message: 'bad key' } });
      const refused = await t.http.post('/api/v1/plugins/ai-assist/test-connection').set(team.admin.headers).send({});
      expect(refused.body.ok).to.equal(false);
      expect(refused.body.detail).to.match(/^ai_provider_auth_failed: .*refused the API key/);
    });
  });

  describe("Anthropic's Messages API", () => {
    before(async () => {
      await configure(t, team, {
        provider: 'anthropic',
        baseUrl: ANTHROPIC,
        model: 'claude-test',
        apiKey: 'sk-ant-test',
        enricherBudgetMs: 200,
        keyHeader: 'bearer',
      });
    });

    it('drafts with x-api-key and anthropic-version, the system prompt apart from the turns', async () => {
      const rec = recorder();
      const seen: Record<string, unknown> = {};
      nock(ANTHROPIC)
        .post('/v1/messages', (b) => rec.take(b))
        .reply(function () {
          seen.key = this.req.headers['x-api-key'];
          seen.version = this.req.headers['anthropic-version'];
          return [
            200,
            {
              id: 'msg_1',
              type: 'message',
              role: 'assistant',
              model: 'claude-test',
              content: [{ type: 'text', text: 'Dear customer, your order #1001 shipped; a note goes to [email_a].' }],
              stop_reason: 'end_turn',
              usage: { input_tokens: 640, output_tokens: 21 },
            },
          ];
        });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft`).set(team.agent.headers).send({});
      expect(res.status, JSON.stringify(res.body)).to.equal(200);
      expect(seen).to.deep.equal({ key: 'sk-ant-test', version: '2023-06-01' });
      expect(res.body.text).to.equal('Dear customer, your order #1001 shipped; a note goes to grace.hopper@example.org.');
      expect(res.body.usage).to.deep.include({ promptTokens: 640, completionTokens: 21 });
      const sent = JSON.parse(rec.bodies[0]!) as { system: string; messages: { role: string }[]; max_tokens: number };
      expect(sent.system).to.include('Shop orders');
      expect(sent.messages[0]!.role).to.equal('user');
      expect(sent.max_tokens).to.equal(400);
    });

    it('streams text_delta events and reads the usage from message_start and message_delta', async () => {
      nock(ANTHROPIC)
        .post('/v1/messages')
        .reply(200, anthropicEvents(['Your card [ca', 'rd_a] was ', 'charged once.'], 655, 9), { 'content-type': 'text/event-stream' });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft/stream`).set(team.agent.headers).send({});
      const events = parseSse(res.text);
      const done = events.at(-1)!;
      expect(done.event, res.text).to.equal('done');
      expect(done.data.text).to.equal('Your card 4111 1111 1111 1111 was charged once.');
      expect(done.data.usage).to.deep.include({ promptTokens: 655, completionTokens: 9, estimated: false });
    });

    it('reports an error event in the stream (overloaded) as an error event', async () => {
      const body =
        anthropicEvents([], 10, 0).split('event: content_block_stop')[0] +
        `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`;
      nock(ANTHROPIC).post('/v1/messages').reply(200, body, { 'content-type': 'text/event-stream' });
      const res = await t.http.post(`/api/v1/conversations/${conversationId}/draft/stream`).set(team.agent.headers).send({});
      const last = parseSse(res.text).at(-1)!;
      expect(last.event).to.equal('error');
      expect(last.data.error.message).to.include('overloaded_error');
    });
  });

  it('sends no personal datum to any provider in any request body', async () => {
    const rec = recorder();
    const piiPatterns = [{ name: 'customer_no', pattern: 'CUST-\\d+' }];
    await configure(t, team, {
      provider: 'openai',
      baseUrl: `${OPENAI}/v1`,
      model: 'gpt-test',
      apiKey: 'sk-1',
      enricherBudgetMs: 100,
      piiPatterns,
    });
    nock(OPENAI)
      .post('/v1/chat/completions', (b) => rec.take(b))
      .times(2)
      .reply(200, { choices: [{ message: { content: 'ok' } }], usage: { prompt_tokens: 1, completion_tokens: 1 } });
    for (let i = 0; i < 2; i++)
      expect((await t.http.post(`/api/v1/conversations/${conversationId}/draft`).set(team.agent.headers).send({})).status).to.equal(200);
    await configure(t, team, { provider: 'anthropic', baseUrl: ANTHROPIC, model: 'claude-test', apiKey: 'sk-2', piiPatterns });
    nock(ANTHROPIC)
      .post('/v1/messages', (b) => rec.take(b))
      .reply(200, anthropicEvents(['ok'], 1, 1), { 'content-type': 'text/event-stream' });
    expect((await t.http.post(`/api/v1/conversations/${conversationId}/draft/stream`).set(team.agent.headers).send({})).status).to.equal(
      200,
    );
    expect(rec.bodies).to.have.length(3);
    // The scan can fail: the conversation holds every datum, and the bodies carry the transcript.
    for (const body of rec.bodies) {
      expect(body).to.include('#1001');
      for (const datum of [...PII, PII[1]!.replace(/ /g, ''), '4111111111111111']) expect(body).to.not.include(datum);
    }
  });
});
