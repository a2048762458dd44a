import type { PluginRoutes } from '@bacon/sdk';
import { pageSchema, searchHitSchema, type SearchHitKind } from '@bacon/inbox-contract';
import type { InboxDeps } from '../services/deps.js';
import { search } from '../services/search.js';
import { caller } from './caller.js';
import { errors } from './schemas.js';

const KINDS: readonly SearchHitKind[] = ['message', 'note', 'contact'];

/** Full-text search over the tenant's messages, notes and contacts. */
export function searchRoutes(routes: PluginRoutes, deps: InboxDeps): void {
  routes.get('/search', {
    auth: 'agent',
    summary: 'Search messages, notes and contacts (every word, as a prefix; newest first; cursor pagination)',
    tags: ['inbox'],
    schema: {
      query: {
        type: 'object',
        additionalProperties: false,
        required: ['q'],
        properties: {
          q: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S', title: 'Search text' },
          kind: { type: 'string', enum: [...KINDS], title: 'Kind' },
          limit: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          cursor: { type: 'string', maxLength: 200 },
        },
      },
      response: { 200: pageSchema(searchHitSchema), ...errors },
    },
    handler: async (ctx) => {
      const q = ctx.state.query as unknown as { q: string; kind?: SearchHitKind; limit: number; cursor?: string };
      return search(deps, caller(ctx).tenantId, { q: q.q, kinds: q.kind ? [q.kind] : KINDS, limit: q.limit, cursor: q.cursor });
    },
  });
}
