import { expect } from 'chai';
import request from 'supertest';
import { createTeam, inbound, type Team } from '../support/automation-host.js';
import { startFlowHost, type FlowHost } from '../support/flow-host.js';

const welcome = { steps: [{ id: 'hi', type: 'send_message', text: 'Welcome!' }] };

describe('automation flow routes', () => {
  let a: FlowHost;
  let team: Team;
  let http: ReturnType<typeof request>;
  before(async function () {
    this.timeout(180_000);
    a = await startFlowHost();
    team = await createTeam(a.host);
    http = request(a.host.app.callback());
  });
  after(async () => {
    await a?.close();
  });

  describe('POST /api/v1/automation-flows', () => {
    it('creates version 1 of a flow', async () => {
      const res = await http.post('/api/v1/automation-flows').set(team.admin.headers).send({ name: 'welcome', definition: welcome });
      expect(res.status, res.text).to.equal(201);
      expect(res.body).to.include({ name: 'welcome', enabled: true, version: 1 });
      expect(res.body.definition).to.deep.equal(welcome);
    });

    it('refuses a step the schema refuses', async () => {
      const res = await http
        .post('/api/v1/automation-flows')
        .set(team.admin.headers)
        .send({ name: 'bad', definition: { steps: [{ id: 'x', type: 'explode' }] } });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('validation_failed');
    });

    it('refuses a next that names no step, with the field', async () => {
      const res = await http
        .post('/api/v1/automation-flows')
        .set(team.admin.headers)
        .send({ name: 'dangling', definition: { steps: [{ id: 'a', type: 'send_message', text: 'x', next: 'nowhere' }] } });
      expect(res.status).to.equal(400);
      expect(res.body.error.code).to.equal('automation_flow_step_invalid');
      expect(res.body.error.message).to.match(/steps\/0\/next/);
    });

    it('refuses a second flow of the same name', async () => {
      const res = await http.post('/api/v1/automation-flows').set(team.admin.headers).send({ name: 'welcome', definition: welcome });
      expect(res.status).to.equal(409);
      expect(res.body.error.code).to.equal('automation_flow_name_taken');
    });

    it('is for admins only', async () => {
      const res = await http.post('/api/v1/automation-flows').set(team.agent.headers).send({ name: 'nope', definition: welcome });
      expect(res.status).to.equal(403);
    });
  });

  describe('PATCH /api/v1/automation-flows/:id', () => {
    it('makes a new version for a new definition, not for disabling', async () => {
      const created = await http.post('/api/v1/automation-flows').set(team.admin.headers).send({ name: 'edit me', definition: welcome });
      const edited = await http
        .patch(`/api/v1/automation-flows/${created.body.id}`)
        .set(team.admin.headers)
        .send({ definition: { steps: [{ id: 'hi', type: 'send_message', text: 'Hello!' }] } });
      expect(edited.status, edited.text).to.equal(200);
      expect(edited.body.version).to.equal(2);
      const off = await http.patch(`/api/v1/automation-flows/${created.body.id}`).set(team.admin.headers).send({ enabled: false });
      expect(off.body).to.include({ version: 2, enabled: false });
    });
  });

  describe('/api/v1/automation-flows/:id/runs', () => {
    it('starts a run in a conversation and lists it with its steps', async () => {
      const created = await http.post('/api/v1/automation-flows').set(team.admin.headers).send({ name: 'runs', definition: welcome });
      const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hello'));
      const started = await http
        .post(`/api/v1/automation-flows/${created.body.id}/runs`)
        .set(team.admin.headers)
        .send({ conversationId: conversation.id });
      expect(started.status, started.text).to.equal(201);
      expect(started.body).to.include({ status: 'done', flowVersion: 1, conversationId: conversation.id });
      const list = await http.get(`/api/v1/automation-flows/${created.body.id}/runs`).set(team.admin.headers);
      expect(list.status).to.equal(200);
      expect(list.body.items).to.have.length(1);
      expect(list.body.items[0].steps.map((s: { id: string }) => s.id)).to.deep.equal(['hi']);
    });

    it('refuses to start a disabled flow, or in a conversation that does not exist', async () => {
      const created = await http
        .post('/api/v1/automation-flows')
        .set(team.admin.headers)
        .send({ name: 'off', enabled: false, definition: welcome });
      const { conversation } = await a.inbox.ingestInbound(team.tenantId, inbound('hello'));
      const off = await http
        .post(`/api/v1/automation-flows/${created.body.id}/runs`)
        .set(team.admin.headers)
        .send({ conversationId: conversation.id });
      expect(off.status).to.equal(409);
      expect(off.body.error.code).to.equal('automation_flow_disabled');
      await http.patch(`/api/v1/automation-flows/${created.body.id}`).set(team.admin.headers).send({ enabled: true });
      const missing = await http
        .post(`/api/v1/automation-flows/${created.body.id}/runs`)
        .set(team.admin.headers)
        .send({ conversationId: '00000000-0000-4000-8000-000000000000' });
      expect(missing.status).to.equal(404);
    });
  });

  describe('DELETE /api/v1/automation-flows/:id', () => {
    it('deletes the flow, then answers 404', async () => {
      const created = await http.post('/api/v1/automation-flows').set(team.admin.headers).send({ name: 'gone', definition: welcome });
      expect((await http.delete(`/api/v1/automation-flows/${created.body.id}`).set(team.admin.headers)).status).to.equal(204);
      expect((await http.get(`/api/v1/automation-flows/${created.body.id}`).set(team.admin.headers)).status).to.equal(404);
    });
  });
});
