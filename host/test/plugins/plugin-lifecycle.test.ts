import { expect } from 'chai';
import { fileURLToPath } from 'node:url';
import { definePlugin, type HttpContext } from '@bacon/sdk';
import { startTestHost, withTestHost } from '../../src/testing/index.js';

const notesMigrations = fileURLToPath(new URL('./fixtures/trusted-migrations', import.meta.url));

function notesPlugin(events: string[] = []) {
  return definePlugin<{ count(tenantId: string): Promise<number> }>({
    id: 'notes',
    version: '1.2.0',
    migrations: notesMigrations,
    async init(ctx) {
      events.push('init:notes');
      ctx.routes.post('/', {
        auth: 'public',
        schema: {
          body: { type: 'object', required: ['tenantId', 'text'], properties: { tenantId: { type: 'string' }, text: { type: 'string' } } },
        },
        handler: async (c: HttpContext) => {
          const b = c.request.body as { tenantId: string; text: string };
          await ctx.db('demo_notes').insert({ tenant_id: b.tenantId, text: b.text });
          c.status = 201;
          return { ok: true };
        },
      });
      ctx.routes.get('/:tenantId', {
        auth: 'public',
        handler: async (c) => ({ notes: await ctx.db('demo_notes').where({ tenant_id: c.params.tenantId }).pluck('text') }),
      });
      return {
        count: async (tenantId: string) => Number((await ctx.db('demo_notes').where({ tenant_id: tenantId }).count({ n: '*' }))[0]!.n),
      };
    },
    shutdown: () => void events.push('shutdown:notes'),
  });
}

function reportsPlugin(events: string[] = []) {
  return definePlugin({
    id: 'reports',
    version: '0.1.0',
    dependencies: { notes: '^1.0.0' },
    http: { prefix: 'reports/v2' },
    init(ctx) {
      events.push('init:reports');
      const notes = ctx.use<{ count(t: string): Promise<number> }>('notes');
      ctx.routes.get('/count/:tenantId', { auth: 'public', handler: async (c) => ({ count: await notes.count(c.params.tenantId) }) });
    },
    shutdown: () => void events.push('shutdown:reports'),
  });
}

describe('trusted plugins', () => {
  describe('startTestHost({ plugins })', () => {
    it('runs their migrations, mounts their routes under /api/v1/<prefix> and hands dependents their APIs', async () => {
      await withTestHost({ plugins: [reportsPlugin(), notesPlugin()] }, async (host) => {
        const post = await fetch(`${host.url}/api/v1/notes`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ tenantId: 't1', text: 'hello' }),
        });
        expect(post.status).to.equal(201);
        const list = await (await fetch(`${host.url}/api/v1/notes/t1`)).json();
        expect(list).to.deep.equal({ notes: ['hello'] });
        const count = await (await fetch(`${host.url}/api/v1/reports/v2/count/t1`)).json();
        expect(count).to.deep.equal({ count: 1 });
      });
    });

    it('inits in dependency order and shuts down in reverse', async () => {
      const events: string[] = [];
      const host = await startTestHost({ plugins: [reportsPlugin(events), notesPlugin(events)] });
      await host.close();
      expect(events).to.deep.equal(['init:notes', 'init:reports', 'shutdown:reports', 'shutdown:notes']);
    });

    it('mounts a plugin with prefix "" at /api/v1 itself', async () => {
      const root = definePlugin({
        id: 'rooted',
        version: '1.0.0',
        http: { prefix: '' },
        init: (ctx) => ctx.routes.get('/hello', { auth: 'public', handler: () => ({ hi: true }) }),
      });
      await withTestHost({ plugins: [root] }, async (host) => {
        expect(await (await fetch(`${host.url}/api/v1/hello`)).json()).to.deep.equal({ hi: true });
      });
    });

    it('reports each plugin and its health checks in /readyz', async () => {
      let healthy = true;
      const p = definePlugin({
        id: 'checked',
        version: '1.0.0',
        init: (ctx) => ctx.addHealthCheck(async () => ({ ok: healthy, detail: healthy ? undefined : 'upstream down' })),
      });
      await withTestHost({ plugins: [p] }, async (host) => {
        let r = await fetch(`${host.url}/readyz`);
        expect(r.status).to.equal(200);
        expect(((await r.json()) as { checks: Record<string, unknown> }).checks['plugin:checked']).to.deep.include({ ok: true });
        healthy = false;
        r = await fetch(`${host.url}/readyz`);
        expect(r.status).to.equal(503);
        expect(((await r.json()) as { checks: Record<string, unknown> }).checks['plugin:checked']).to.deep.include({
          ok: false,
          detail: 'upstream down',
        });
      });
    });

    it('namespaces job queues and exposes settings defaults', async () => {
      let seen: unknown;
      const p = definePlugin({
        id: 'jobby',
        version: '1.0.0',
        settings: {
          schema: {
            type: 'object',
            properties: { greeting: { type: 'string', default: 'hi' }, token: { type: 'string', 'x-secret': true } },
          },
        },
        async init(ctx) {
          seen = ctx.settings;
          await ctx.jobs.work('ping', async () => undefined);
        },
      });
      await withTestHost({ plugins: [p] }, async (host) => {
        expect(seen).to.deep.equal({ greeting: 'hi' });
        const queues = await host.services.db.knex.raw(`select name from bacon_jobs.queue where name like 'jobby.%'`);
        expect(queues.rows.map((r: { name: string }) => r.name)).to.deep.equal(['jobby.ping']);
      });
    });

    it('gives a plugin the host services it declares, and names one it reads without declaring', async () => {
      let users = -1;
      let message = '';
      const p = definePlugin({
        id: 'needy',
        version: '1.0.0',
        services: ['directory'],
        async init(ctx) {
          users = (await ctx.services.directory.listUsers('00000000-0000-0000-0000-000000000000')).length;
          try {
            void ctx.services.audit;
          } catch (err) {
            message = (err as Error).message;
          }
        },
      });
      await withTestHost({ plugins: [p] }, async () => {
        expect(users).to.equal(0);
        expect(message).to.equal('plugin "needy" reads service "audit" without declaring it in its services list');
      });
    });

    it('refuses to boot when a plugin declares a service no module provides, naming both', async () => {
      const p = definePlugin({ id: 'dreamer', version: '1.0.0', services: ['telepathy' as never], init: () => undefined });
      let error: Error | undefined;
      await withTestHost({ plugins: [p] }, async () => undefined).catch((err: Error) => (error = err));
      expect(error?.message).to.equal("module plugins needs service 'telepathy' that no module provides (plugin dreamer asks for it)");
    });
  });

  describe('init failures', () => {
    const slow = definePlugin({ id: 'slow', version: '1.0.0', init: () => new Promise((r) => setTimeout(r, 5000)) });
    const after = definePlugin({ id: 'after', version: '1.0.0', dependencies: { slow: '*' }, init: () => undefined });
    const fine = definePlugin({
      id: 'fine',
      version: '1.0.0',
      init: (ctx) => ctx.routes.get('/', { auth: 'public', handler: () => ({ fine: true }) }),
    });

    it('abort: a plugin whose init times out stops the boot, naming it', async () => {
      const err = await startTestHost({ plugins: [slow, fine], config: { pluginInitTimeoutMs: 100 } }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).to.be.instanceOf(Error);
      expect(err).to.include({ name: 'PluginLoadError', code: 'plugin_init_timeout', pluginId: 'slow' });
    });

    it('continue: boots without it and its dependents, marked failed in /readyz', async () => {
      await withTestHost(
        { plugins: [slow, after, fine], config: { pluginInitTimeoutMs: 100, pluginInitPolicy: 'continue' } },
        async (host) => {
          expect(await (await fetch(`${host.url}/api/v1/fine`)).json()).to.deep.equal({ fine: true });
          const r = await fetch(`${host.url}/readyz`);
          const body = (await r.json()) as { checks: Record<string, { ok: boolean; required: boolean; detail?: string }> };
          expect(r.status).to.equal(200);
          expect(body.checks['plugin:slow']).to.include({ ok: false, required: false });
          expect(body.checks['plugin:after']!.detail).to.match(/dependency "slow"/);
          expect(body.checks['plugin:fine']).to.include({ ok: true });
        },
      );
    });
  });
});
