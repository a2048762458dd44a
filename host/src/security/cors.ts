import type { Middleware } from 'koa';
import type { SitePaths } from './site-paths.js';
import type { SiteKeys } from './site-keys.js';
import { normaliseOrigin } from './site-keys.js';
import { SecurityErrors } from './security-errors.js';

const ALLOW_HEADERS = 'Authorization, Content-Type, X-Bacon-Site-Key, X-Request-Id';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE';

/**
 * CORS on site paths only: a cross-origin request to a site path gets CORS headers when its Origin
 * is listed by some site key (each route then checks the origin against *its* site key).
 * Everything else (the API) answers no CORS headers at all, so browsers keep it same-origin.
 */
export function siteCors(siteKeys: () => SiteKeys, sitePaths: SitePaths): Middleware {
  return async (ctx, next) => {
    const origin = ctx.get('origin');
    if (!origin || !sitePaths.has(ctx.path)) return next();
    ctx.vary('Origin');
    const allowed = await siteKeys().originAllowed(origin);
    const preflight = ctx.method === 'OPTIONS' && !!ctx.get('access-control-request-method');
    if (!allowed) {
      if (preflight)
        throw SecurityErrors.originNotAllowed({ reason: 'origin_not_allowed' }, 'This origin is not allowed for any site key.');
      return next();
    }
    ctx.set('Access-Control-Allow-Origin', normaliseOrigin(origin)!);
    if (preflight) {
      ctx.set('Access-Control-Allow-Methods', ALLOW_METHODS);
      ctx.set('Access-Control-Allow-Headers', ALLOW_HEADERS);
      ctx.set('Access-Control-Max-Age', '600');
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', 'Retry-After, X-Request-Id');
    return next();
  };
}
