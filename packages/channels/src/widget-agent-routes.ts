import { NotFound, type PluginDirectory, type PluginRoutes } from '@bacon/sdk';

/**
 * `GET /widget/v1/agents/:id`: the name and picture a visitor sees beside an agent's replies (the
 * agent's own profile), nothing else about them. An agent without a name shows as the team.
 */
export function registerWidgetAgentRoutes(routes: PluginRoutes, directory: PluginDirectory): void {
  routes.get('/agents/:id', {
    auth: 'visitor',
    summary: 'The name and avatar of an agent who wrote in a conversation',
    tags: ['widget'],
    schema: {
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
      response: {
        200: {
          type: 'object',
          required: ['name', 'avatarUrl'],
          additionalProperties: false,
          properties: { name: { type: ['string', 'null'] }, avatarUrl: { type: ['string', 'null'] } },
        },
      },
    },
    handler: async (http) => {
      const user = await directory.getUser(http.state.tenantId!, http.params.id!);
      if (!user) throw NotFound('No such agent.');
      http.set('Cache-Control', 'private, max-age=300');
      return { name: user.name?.trim() || null, avatarUrl: user.avatarUrl ?? null };
    },
  });
}
