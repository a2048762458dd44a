import { randomUUID } from 'node:crypto';
import type { TestHost, TestUser, TestVisitor } from '@bacon/host/testing';

/**
 * Widget objects made by a visitor of the *other* tenant for the auth matrix: a visitor of the
 * first tenant asking for them must get 404.
 */
type Ctx = { host: TestHost; tenantId: string; admin: TestUser; visitor: TestVisitor };

async function post<T>(ctx: Ctx, path: string, body: unknown): Promise<T> {
  const r = await fetch(`${ctx.host.url}/widget/v1${path}`, {
    method: 'POST',
    headers: { ...ctx.visitor.headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (r.status >= 300) throw new Error(`fixture POST ${path} answered ${r.status}: ${await r.text()}`);
  return (await r.json()) as T;
}

const made = new Map<string, Promise<string>>();

/** One conversation started by a widget visitor of the other tenant (made once: widget creation is rate limited). */
function otherConversation(ctx: Ctx): Promise<string> {
  if (!made.has(ctx.tenantId)) {
    const body = { text: 'from the other tenant', clientMessageId: randomUUID().replace(/-/g, '') };
    made.set(
      ctx.tenantId,
      post<{ conversation: { id: string } }>(ctx, '/conversations', body).then((r) => r.conversation.id),
    );
  }
  return made.get(ctx.tenantId)!;
}

const conversation = async (ctx: Ctx) => ({ id: await otherConversation(ctx) });

export const tenantFixtures: Record<string, (ctx: Ctx) => Promise<Record<string, string>>> = {
  '/widget/v1/conversations/:id/messages': conversation,
  '/widget/v1/conversations/:id/read': conversation,
  '/widget/v1/attachments/:id': async (ctx) => ({
    id: (
      await post<{ id: string }>(ctx, '/attachments', {
        name: 'a.txt',
        contentType: 'text/plain',
        data: Buffer.from('hello').toString('base64'),
      })
    ).id,
  }),
};
