import { randomUUID } from 'node:crypto';
import type { TestHost, TestUser, TestVisitor } from '@bacon/host/testing';

/**
 * Inbox objects made in the *other* tenant for the auth matrix (host/test/auth/auth-matrix.test.ts):
 * it asks for each of them as a user of the first tenant and expects 404.
 */
type Ctx = { host: TestHost; tenantId: string; admin: TestUser; visitor: TestVisitor };

const json = { 'content-type': 'application/json' };

async function post<T>(url: string, headers: Record<string, string>, body: unknown): Promise<T> {
  const r = await fetch(url, { method: 'POST', headers: { ...headers, ...json }, body: JSON.stringify(body) });
  if (r.status >= 300) throw new Error(`fixture POST ${url} answered ${r.status}: ${await r.text()}`);
  return (await r.json()) as T;
}

const made = new Map<string, Promise<string>>();

/** One conversation started by a widget visitor of the other tenant (made once: widget creation is rate limited). */
export function otherConversation({ host, visitor, tenantId }: Ctx): Promise<string> {
  if (!made.has(tenantId)) {
    made.set(
      tenantId,
      post<{ conversation: { id: string } }>(`${host.url}/widget/v1/conversations`, visitor.headers, {
        text: 'from the other tenant',
        clientMessageId: randomUUID().replace(/-/g, ''),
      }).then((r) => r.conversation.id),
    );
  }
  return made.get(tenantId)!;
}

const conversation = async (ctx: Ctx) => ({ id: await otherConversation(ctx) });

export const tenantFixtures: Record<string, (ctx: Ctx) => Promise<Record<string, string>>> = {
  '/api/v1/conversations/:id': conversation,
  '/api/v1/conversations/:id/assign': conversation,
  '/api/v1/conversations/:id/messages': conversation,
  '/api/v1/conversations/:id/notes': conversation,
  '/api/v1/conversations/:id/context': conversation,
  '/api/v1/conversations/:id/plugin-actions': conversation,
  '/api/v1/conversations/:id/plugin-actions/:pluginId/:action': async (ctx) => ({
    id: await otherConversation(ctx),
    pluginId: 'shopify',
    action: 'lookup_order',
  }),
  '/api/v1/conversations/:id/tags': conversation,
  '/api/v1/conversations/:id/transition': conversation,
  '/api/v1/conversations/:id/notes/:noteId': async (ctx) => {
    const id = await otherConversation(ctx);
    const note = await post<{ id: string }>(`${ctx.host.url}/api/v1/conversations/${id}/notes`, ctx.admin.headers, {
      body: 'other tenant note',
    });
    return { id, noteId: note.id };
  },
  '/api/v1/macros/:id': async (ctx) => ({
    id: (await post<{ id: string }>(`${ctx.host.url}/api/v1/macros`, ctx.admin.headers, { name: `other ${randomUUID()}` })).id,
  }),
  '/api/v1/macros/:id/apply': async (ctx) => ({
    id: (await post<{ id: string }>(`${ctx.host.url}/api/v1/macros`, ctx.admin.headers, { name: `other ${randomUUID()}` })).id,
  }),
  '/api/v1/inbox/agents/:agentId/status': async (ctx) => ({ agentId: ctx.admin.user.id }),
};
