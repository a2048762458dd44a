import { randomUUID } from 'node:crypto';
import type { TestHost, TestUser } from '@bacon/host/testing';

/**
 * Automation objects made in the *other* tenant for the auth matrix (host/test/auth/auth-matrix.test.ts):
 * it asks for each of them as a user of the first tenant and expects 404.
 */
type Ctx = { host: TestHost; tenantId: string; admin: TestUser };

async function otherRule({ host, admin }: Ctx): Promise<Record<string, string>> {
  const r = await fetch(`${host.url}/api/v1/automation-rules`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: `other ${randomUUID()}`,
      definition: { triggers: [{ type: 'conversation.created' }], actions: [{ type: 'send_message', text: 'hi' }] },
    }),
  });
  if (r.status !== 201) throw new Error(`fixture rule answered ${r.status}: ${await r.text()}`);
  return { id: ((await r.json()) as { id: string }).id };
}

async function otherFlow({ host, admin }: Ctx): Promise<Record<string, string>> {
  const r = await fetch(`${host.url}/api/v1/automation-flows`, {
    method: 'POST',
    headers: { ...admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ name: `other ${randomUUID()}`, definition: { steps: [{ id: 'hi', type: 'send_message', text: 'hi' }] } }),
  });
  if (r.status !== 201) throw new Error(`fixture flow answered ${r.status}: ${await r.text()}`);
  return { id: ((await r.json()) as { id: string }).id };
}

export const tenantFixtures: Record<string, (ctx: Ctx) => Promise<Record<string, string>>> = {
  '/api/v1/automation-rules/:id': otherRule,
  '/api/v1/automation-rules/:id/evaluations': otherRule,
  '/api/v1/automation-rules/:id/dry-run': otherRule,
  '/api/v1/automation-flows/:id': otherFlow,
  '/api/v1/automation-flows/:id/runs': otherFlow,
};
