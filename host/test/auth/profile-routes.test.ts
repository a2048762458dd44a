import { expect } from 'chai';
import { createTestDatabase, createTestUser, startTestHost, type TestHost, type TestUser } from '../../src/testing/index.js';
import { authRuntime } from '../../src/auth/index.js';
import { asSession, cookiesOf, login, me, withCookies } from './session-client.js';

const json = { 'content-type': 'application/json' };

describe('/api/v1/auth/me (my profile)', () => {
  let host: TestHost;
  let admin: TestUser;
  before(async () => {
    host = await startTestHost({ config: { rateLoginIp: '1000/20', rateLoginEmail: '1000/20' } });
    admin = await createTestUser(host, { role: 'admin' });
  });
  after(async () => host?.close());

  const call = (path: string, method: string, headers: Record<string, string>, body?: unknown) =>
    fetch(`${host.url}/api/v1${path}`, {
      method,
      headers: { ...headers, ...(body ? json : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });

  describe('PATCH /auth/me', () => {
    it('changes my name, avatar and notification preferences, and nobody else’s', async () => {
      const agent = await createTestUser(host, { name: 'Before' });
      const other = await createTestUser(host, { name: 'Other' });
      const avatar = 'data:image/png;base64,iVBORw0KGgo=';
      const r = await call('/auth/me', 'PATCH', agent.headers, {
        name: 'Robin Agent',
        avatarUrl: avatar,
        notificationPrefs: { sound: true },
      });
      expect(r.status).to.equal(200);
      const u = (await r.json()) as Record<string, unknown>;
      expect(u).to.include({ name: 'Robin Agent', avatarUrl: avatar, mustChangePassword: false });
      expect(u.notificationPrefs).to.deep.equal({
        sound: true,
        desktop: true,
        newConversations: true,
        assignedMessages: true,
        mentions: true,
      });
      const again = (await (await call('/auth/me', 'PATCH', agent.headers, { notificationPrefs: { mentions: false } })).json()) as {
        notificationPrefs: Record<string, boolean>;
      };
      expect(again.notificationPrefs).to.include({ sound: true, mentions: false });
      const seen = (await (await call('/auth/me', 'GET', agent.headers)).json()) as { name: string };
      expect(seen.name).to.equal('Robin Agent');
      const untouched = (await (await call('/auth/me', 'GET', other.headers)).json()) as { name: string; avatarUrl: unknown };
      expect(untouched).to.include({ name: 'Other', avatarUrl: null });
    });

    it('keeps my console language, refuses what is not a language tag, and null goes back to the browser', async () => {
      const agent = await createTestUser(host);
      expect(((await (await call('/auth/me', 'GET', agent.headers)).json()) as { language: unknown }).language).to.equal(null);
      const set = await call('/auth/me', 'PATCH', agent.headers, { language: 'fr' });
      expect(set.status).to.equal(200);
      expect(((await (await call('/auth/me', 'GET', agent.headers)).json()) as { language: unknown }).language).to.equal('fr');
      for (const language of ['', 'french!', 'fr_FR', 'x'.repeat(40), 'fr\u0000']) {
        const r = await call('/auth/me', 'PATCH', agent.headers, { language });
        expect(r.status, JSON.stringify(language)).to.equal(400);
        expect(((await r.json()) as { error: { code: string } }).error.code).to.be.a('string');
      }
      expect(
        ((await (await call('/auth/me', 'PATCH', agent.headers, { language: 'pt-BR' })).json()) as { language: unknown }).language,
      ).to.equal('pt-BR');
      expect(
        ((await (await call('/auth/me', 'PATCH', agent.headers, { language: null })).json()) as { language: unknown }).language,
      ).to.equal(null);
    });

    it('refuses a blank name, a script URL as avatar and unknown preferences with 400 and sentences', async () => {
      const agent = await createTestUser(host);
      const blank = await call('/auth/me', 'PATCH', agent.headers, { name: '   ' });
      expect(blank.status).to.equal(400);
      expect(((await blank.json()) as { error: { message: string } }).error.message).to.equal('Name cannot be blank.');
      for (const avatarUrl of ['javascript:alert(1)', 'http://plain.example/a.png', 'data:text/html;base64,PGgxPg==']) {
        expect((await call('/auth/me', 'PATCH', agent.headers, { avatarUrl })).status, avatarUrl).to.equal(400);
      }
      expect((await call('/auth/me', 'PATCH', agent.headers, { notificationPrefs: { loud: true } })).status).to.equal(400);
      expect((await call('/auth/me', 'PATCH', agent.headers, {})).status).to.equal(400);
    });
  });

  describe('POST /auth/me/password', () => {
    it('needs the current password, ends my other sessions, keeps this one with fresh tokens, and the new password signs in', async () => {
      const agent = await createTestUser(host, { password: 'the old password 1' });
      const elsewhere = await login(host, agent.user.email!, 'the old password 1');
      const here = await login(host, agent.user.email!, 'the old password 1');
      const wrong = await call(
        '/auth/me/password',
        'POST',
        { authorization: `Bearer ${here.body.accessToken}` },
        {
          currentPassword: 'not it at all',
          newPassword: 'a brand new password',
        },
      );
      expect(wrong.status, JSON.stringify([here.status, await wrong.clone().text()])).to.equal(400);
      expect(((await wrong.json()) as { error: { code: string } }).error.code).to.equal('current_password_incorrect');
      const same = await call(
        '/auth/me/password',
        'POST',
        { authorization: `Bearer ${here.body.accessToken}` },
        {
          currentPassword: 'the old password 1',
          newPassword: 'the old password 1',
        },
      );
      expect(((await same.json()) as { error: { code: string } }).error.code).to.equal('password_unchanged');

      const changed = await asSession(
        await fetch(`${host.url}/api/v1/auth/me/password`, {
          method: 'POST',
          headers: {
            ...json,
            authorization: `Bearer ${here.body.accessToken}`,
            cookie: `bacon_refresh=${here.cookies.bacon_refresh}; bacon_csrf=${here.cookies.bacon_csrf}`,
          },
          body: JSON.stringify({ currentPassword: 'the old password 1', newPassword: 'a brand new password' }),
        }),
      );
      expect(changed.status).to.equal(200);
      expect(changed.cookies.bacon_refresh, 'this session continues on a new refresh cookie').to.be.a('string');
      expect(await me(host, changed.body.accessToken!)).to.equal(200);
      expect(await me(host, elsewhere.body.accessToken!), 'the other session ended').to.equal(401);
      expect((await withCookies(host, 'refresh', cookiesOf(elsewhere))).status).to.equal(401);
      expect((await login(host, agent.user.email!, 'the old password 1')).status).to.equal(401);
      expect((await login(host, agent.user.email!, 'a brand new password')).status).to.equal(200);
      const log = (await (await call('/audit-log?action=user.password_changed', 'GET', admin.headers)).json()) as {
        entries: { targetId: string }[];
      };
      expect(log.entries.map((e) => e.targetId)).to.include(agent.user.id);
      expect(JSON.stringify(log)).not.to.contain('brand new');
    });
  });

  describe('POST /users/:id/reset-password (admins)', () => {
    it('gives a temporary password once, ends the user’s sessions, and asks them for a new one at sign-in', async () => {
      const agent = await createTestUser(host, { password: 'agent password 1' });
      const before = await login(host, agent.user.email!, 'agent password 1');
      expect((await call(`/users/${agent.user.id}/reset-password`, 'POST', agent.headers)).status, 'agents may not').to.equal(403);
      const r = await call(`/users/${agent.user.id}/reset-password`, 'POST', admin.headers);
      expect(r.status).to.equal(200);
      expect(r.headers.get('cache-control')).to.equal('no-store');
      const { temporaryPassword, user } = (await r.json()) as { temporaryPassword: string; user: { mustChangePassword: boolean } };
      expect(temporaryPassword).to.have.length.greaterThan(12);
      expect(user.mustChangePassword).to.equal(true);
      expect(await me(host, before.body.accessToken!)).to.equal(401);
      const s = await login(host, agent.user.email!, temporaryPassword);
      expect(s.status).to.equal(200);
      expect(s.body).to.have.nested.property('user.mustChangePassword', true);
      const changed = await call(
        '/auth/me/password',
        'POST',
        { authorization: `Bearer ${s.body.accessToken}` },
        {
          currentPassword: temporaryPassword,
          newPassword: 'my own password again',
        },
      );
      expect(changed.status, await changed.clone().text()).to.equal(200);
      expect(((await changed.json()) as { user: { mustChangePassword: boolean } }).user.mustChangePassword).to.equal(false);
    });
  });
});

describe('first boot with a generated admin password', () => {
  it('asks the admin to choose a password at first sign-in; one from BACON_ADMIN_PASSWORD is kept', async () => {
    for (const [config, expected] of [
      [{}, true],
      [{ adminEmail: 'set@example.com', adminPassword: 'a password from the env' }, false],
    ] as const) {
      const database = await createTestDatabase();
      try {
        const h = await startTestHost({ database, config });
        const rows = (await authRuntime(h).knex('users').select('must_change_password')) as { must_change_password: boolean }[];
        expect(rows.map((r) => r.must_change_password)).to.deep.equal([expected]);
        await h.close();
      } finally {
        await database.drop();
      }
    }
  });
});
