import type { PluginPublicRoutes } from '@bacon/sdk';
import { defineModule } from '../kernel/host-module.js';
import { defineService } from '../kernel/service-ref.js';
import { authService } from '../auth/auth-runtime.js';

/** Route scopes outside `/api/v1`, for plugins that serve public clients (`services: ['publicRoutes']`). */
export const publicRoutesService = defineService<PluginPublicRoutes>('publicRoutes');

const PREFIX = /^\/[a-z0-9][a-z0-9-]*(\/[a-z0-9][a-z0-9-]*)*$/;

/**
 * Provides `publicRoutes`: `scope(prefix, owner)` mounts a plugin's routes at a path prefix of its
 * choice (`/kiosk/v1`), with the same registry, schemas, auth kinds and OpenAPI as every route;
 * `crossOrigin: 'site-keys'` makes it a site path (CORS by site key, framing; the auth module's
 * security middleware). `/api/...` stays the API's: plugins get `/api/v1/<prefix>` through `ctx.routes`.
 */
export function publicRoutesModule() {
  return defineModule({
    name: 'public-routes',
    needs: { auth: authService },
    provides: { publicRoutes: publicRoutesService },
    async start(services, needs) {
      const publicRoutes: PluginPublicRoutes = {
        scope(prefix, owner, opts = {}) {
          if (!PREFIX.test(prefix) || prefix === '/api' || prefix.startsWith('/api/')) {
            throw new Error(`public routes: "${prefix}" is not a path prefix outside /api (lowercase segments, e.g. /kiosk/v1)`);
          }
          if (opts.crossOrigin === 'site-keys') needs.auth.sitePaths.add(prefix);
          return services.routes.scope(prefix, owner);
        },
      };
      return { publicRoutes };
    },
  });
}
