import type { RouteRegistry } from '../http/route-registry.js';
import type { AuthRuntimeSlot } from '../auth/auth-runtime.js';
import { tenantOf } from '../auth/tenant-scope.js';
import { secretWarnings } from './secret-health.js';

const WARNING = {
  type: 'object',
  required: ['kind', 'id', 'problem', 'detail'],
  properties: {
    kind: { type: 'string', enum: ['jwt_key', 'site_secret', 'plugin_secret'] },
    id: { type: 'string' },
    problem: { type: 'string', enum: ['short', 'known_default', 'old'] },
    detail: { type: 'string' },
  },
};

/** `GET /api/v1/admin/secret-health`: what the console's banner shows admins (ids and problems, never a secret). */
export function registerSecretHealthRoutes(routes: RouteRegistry, slot: AuthRuntimeSlot): void {
  routes.add({
    method: 'get',
    path: '/api/v1/admin/secret-health',
    auth: 'admin',
    summary: 'Weak, well-known or old secrets: the JWT signing keys, this tenant’s site secrets and plugin credentials',
    tags: ['security'],
    schema: {
      response: {
        200: {
          type: 'object',
          required: ['warnings', 'maxAgeDays'],
          properties: {
            warnings: { type: 'array', items: WARNING },
            maxAgeDays: {
              type: 'object',
              required: ['jwtKeys', 'secrets'],
              properties: { jwtKeys: { type: 'integer' }, secrets: { type: 'integer' } },
            },
          },
        },
      },
    },
    handler: async (ctx) => {
      const rt = slot.get();
      return {
        warnings: await secretWarnings(rt, tenantOf(ctx)),
        maxAgeDays: { jwtKeys: rt.config.jwtKeyMaxAgeDays, secrets: rt.config.secretMaxAgeDays },
      };
    },
  });
}
