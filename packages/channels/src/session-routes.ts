import type { PluginRateLimits, PluginRoutes, PluginVisitorSessions } from '@bacon/sdk';

const SITE_KEY = { type: 'string', minLength: 10, maxLength: 80 };

/**
 * The widget's entry points, over the host's visitor sessions: `GET /config` answers the site's
 * config signed by the host; `POST /session` trades it (plus a signed identity) for a visitor token.
 * The host checks the site key, its origins and the tenant's IP rules; opening a session is rate
 * limited per IP and per site key (the host's `widgetIp` and `widgetSite` rules).
 */
export function registerSessionRoutes(routes: PluginRoutes, deps: { sessions: PluginVisitorSessions; limits: PluginRateLimits }): void {
  routes.get('/config', {
    auth: 'public',
    summary: "A site's widget config, signed by the host (valid BACON_WIDGET_CONFIG_TTL seconds)",
    tags: ['widget'],
    schema: {
      query: { type: 'object', required: ['siteKey'], properties: { siteKey: SITE_KEY } },
      response: {
        200: {
          type: 'object',
          required: ['config', 'signed', 'expiresAt'],
          properties: {
            config: { type: 'object', required: ['sk', 'exp', 'identityRequired'] },
            signed: { type: 'string' },
            expiresAt: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
    handler: async (http) => {
      const answer = await deps.sessions.signedConfig(http, (http.state.query as { siteKey: string }).siteKey);
      http.set('Cache-Control', 'no-store');
      return answer;
    },
  });

  routes.post('/session', {
    auth: 'public',
    summary: 'Open a visitor session: signed config (+ identity) in, visitor token out',
    tags: ['widget'],
    schema: {
      body: {
        type: 'object',
        required: ['siteKey', 'config'],
        additionalProperties: false,
        properties: {
          siteKey: SITE_KEY,
          config: { type: 'string', minLength: 10, maxLength: 4000 },
          identity: {
            type: 'object',
            required: ['userId', 'hash'],
            additionalProperties: false,
            properties: { userId: { type: 'string', minLength: 1, maxLength: 200 }, hash: { type: 'string', maxLength: 128 } },
          },
        },
      },
      response: {
        201: {
          type: 'object',
          required: ['token', 'visitorId', 'expiresAt', 'identityVerified'],
          properties: {
            token: { type: 'string' },
            visitorId: { type: 'string', format: 'uuid' },
            expiresAt: { type: 'string', format: 'date-time' },
            identityVerified: { type: 'boolean' },
          },
        },
      },
    },
    handler: async (http) => {
      const body = http.request.body as { siteKey: string; config: string; identity?: { userId: string; hash: string } };
      await deps.limits.consume('widgetIp', `${body.siteKey}:${String(http.state.clientIp ?? http.ip)}`);
      await deps.limits.consume('widgetSite', body.siteKey);
      const answer = await deps.sessions.open(http, body);
      http.status = 201;
      http.set('Cache-Control', 'no-store');
      return answer;
    },
  });
}
