import { expect } from 'chai';
import { definePlugin } from '@bacon/sdk';
import { withTestHost } from '../../src/testing/index.js';

describe('publicRoutes', () => {
  it('mounts a plugin scope at its own prefix, and refuses one under /api', async () => {
    let refused = '';
    const plugin = definePlugin({
      id: 'kiosk',
      version: '1.0.0',
      services: ['publicRoutes'],
      init(ctx) {
        ctx.services.publicRoutes
          .scope('/kiosk/v1', 'kiosk')
          .get('/hello', { auth: 'public', summary: 'Says hello', handler: () => ({ hello: 'world' }) });
        try {
          ctx.services.publicRoutes.scope('/api/v1/kiosk', 'kiosk');
        } catch (err) {
          refused = (err as Error).message;
        }
      },
    });
    await withTestHost({ plugins: [plugin] }, async (host) => {
      const res = await fetch(`${host.url}/kiosk/v1/hello`);
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ hello: 'world' });
      expect(refused).to.match(/not a path prefix outside \/api/);
    });
  });
});
