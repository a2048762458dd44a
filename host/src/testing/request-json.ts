/**
 * A JSON request to a running host, as a test makes it: `headers` carry the caller (a user's bearer
 * token, a visitor's), `body` (when given) is sent as JSON; the answer's status, its parsed body
 * (undefined when empty) and its headers.
 */
export async function requestJson(
  baseUrl: string,
  headers: Record<string, string> | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: any; headers: Headers }> {
  const r = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(headers ?? {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : undefined, headers: r.headers };
}
