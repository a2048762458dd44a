import { expect } from 'chai';
import { contrastRatio, readableTextOn } from '../src/contrast.js';
import { isOpen } from '../src/office-hours.js';
import { startWidgetHost, openVisitor, clientId, type WidgetTestHost, type Visitor } from './support/widget-host.js';

describe('contrast and office hours (pure)', () => {
  it('measures WCAG contrast and picks a readable text colour', () => {
    expect(contrastRatio('#ffffff', '#000000')).to.be.closeTo(21, 0.01);
    expect(contrastRatio('#b3261e', '#ffffff')).to.be.greaterThan(4.5);
    expect(readableTextOn('#ffeb3b')).to.equal('#1a1a1a');
    expect(readableTextOn('#0a3d91')).to.equal('#ffffff');
  });

  it('opens within the ranges of the day in the site’s time zone, overnight ranges included', () => {
    const hours = { timeZone: 'Europe/Paris', days: { mon: [{ from: '09:00', to: '17:00' }], fri: [{ from: '22:00', to: '02:00' }] } };
    // Monday 1 December 2025, 08:30 UTC is 09:30 in Paris; 16:30 UTC is 17:30.
    expect(isOpen(hours, new Date('2025-12-01T08:30:00Z'))).to.equal(true);
    expect(isOpen(hours, new Date('2025-12-01T16:30:00Z'))).to.equal(false);
    // Saturday 01:00 in Paris is still Friday's night shift; 03:00 is not.
    expect(isOpen(hours, new Date('2025-12-06T00:00:00Z'))).to.equal(true);
    expect(isOpen(hours, new Date('2025-12-06T02:00:00Z'))).to.equal(false);
  });
});

describe('site key widget settings (/api/v1/channels/site-keys/:key/widget)', () => {
  let t: WidgetTestHost;
  let v: Visitor;
  const put = (body: unknown, who = t.admin) =>
    fetch(`${t.url}/api/v1/channels/site-keys/${t.siteKey}/widget`, {
      method: 'PUT',
      headers: { ...who.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const appearance = async () =>
    (await (await fetch(`${t.url}/widget/v1/appearance`, { headers: v.headers })).json()) as Record<string, unknown>;
  const start = (body: Record<string, unknown>) =>
    fetch(`${t.url}/widget/v1/conversations`, {
      method: 'POST',
      headers: v.headers,
      body: JSON.stringify({ clientMessageId: clientId(), ...body }),
    });

  before(async () => {
    t = await startWidgetHost();
    v = await openVisitor(t);
  });
  after(async () => {
    await t?.close();
  });

  it('stores overrides, answers them with the inherited values, and the widget gets the result', async () => {
    const res = await put({ color: '#ffeb3b', title: 'Shop help' });
    expect(res.status).to.equal(200);
    const body = (await res.json()) as { overrides: unknown; inherited: { title: string }; effective: { textColor: string } };
    expect(body.overrides).to.deep.equal({ color: '#ffeb3b', title: 'Shop help' });
    expect(body.inherited.title).to.equal('Chat with us');
    // A light accent gets dark text, picked by the host.
    expect(body.effective.textColor).to.equal('#1a1a1a');
    expect(await appearance()).to.deep.include({ title: 'Shop help', color: '#ffeb3b', textColor: '#1a1a1a' });
  });

  it('refuses unreadable text on the accent, an unknown time zone, and agents', async () => {
    const low = await put({ color: '#ffeb3b', textColor: '#ffffff' });
    expect(low.status).to.equal(400);
    const err = ((await low.json()) as { error: { code: string; details: { suggested: string } } }).error;
    expect(err.code).to.equal('widget_contrast_low');
    expect(err.details.suggested).to.equal('#1a1a1a');
    const tz = await put({ officeHours: { timeZone: 'Mars/Olympus', days: {} } });
    expect(((await tz.json()) as { error: { code: string } }).error.code).to.equal('widget_time_zone_unknown');
    expect((await put({ color: 'red' })).status).to.equal(400);
    expect((await put({ title: 'x' }, t.agent)).status).to.equal(403);
  });

  it('asks for the pre-chat fields the site requires, and for an email out of hours', async () => {
    expect((await put({ preChat: { name: 'required', email: 'optional' } })).status).to.equal(200);
    const refused = await start({ text: 'hi' });
    expect(refused.status).to.equal(400);
    expect(((await refused.json()) as { error: { details: unknown } }).error.details).to.deep.equal({
      fields: ['contact.name'],
      open: true,
    });
    const ok = await start({ text: 'hi', contact: { name: 'Ada Visitor' } });
    expect(ok.status).to.equal(201);
    const { conversation } = (await ok.json()) as { conversation: { id: string } };
    const conv = await t.inbox.getConversation(t.agent.user.tenantId, conversation.id);
    expect(conv?.contactId).to.be.a('string');

    // Closed every day: the widget is told, and an email is required.
    expect((await put({ officeHours: { timeZone: 'UTC', days: {} }, replyTime: 'day' })).status).to.equal(200);
    expect(await appearance()).to.deep.include({ open: false, replyTime: 'day' });
    const away = await start({ text: 'anyone?' });
    expect(((await away.json()) as { error: { details: unknown } }).error.details).to.deep.equal({
      fields: ['contact.email'],
      open: false,
    });
    expect((await start({ text: 'anyone?', contact: { email: 'ada@example.test' } })).status).to.equal(201);
    expect((await put({})).status).to.equal(200);
    expect(await appearance()).to.deep.include({ open: true });
  });

  it('is away when no agent is available, whatever the hours', async () => {
    const status = (agentId: string, available: boolean) =>
      fetch(`${t.url}/api/v1/inbox/agents/${agentId}/status`, {
        method: 'PUT',
        headers: { ...t.admin.headers, 'content-type': 'application/json' },
        body: JSON.stringify({ available }),
      });
    const listed = (await (await fetch(`${t.url}/api/v1/inbox/agents`, { headers: t.admin.headers })).json()) as
      { items?: { agentId: string }[]; agents?: { agentId: string }[] } | { agentId: string }[];
    const agents = Array.isArray(listed) ? listed : (listed.items ?? listed.agents ?? []);
    expect(agents.length).to.be.greaterThan(1);
    for (const a of agents) expect((await status(a.agentId, false)).status).to.equal(200);
    expect(await appearance()).to.deep.include({ open: false });
    const away = await start({ text: 'hello?' });
    expect(away.status).to.equal(400);
    expect((await status(t.agent.user.id, true)).status).to.equal(200);
    expect(await appearance()).to.deep.include({ open: true });
  });
});
