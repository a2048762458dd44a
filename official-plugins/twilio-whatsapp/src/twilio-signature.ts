import type { ActionContext } from '@bacon/sdk';

/**
 * The string Twilio signs for a form-encoded webhook: the full URL it called, then every POST
 * parameter sorted by name (values of a repeated name sorted too), each as name + value with no
 * separators.
 */
export function signedString(url: string, params: [string, string][]): string {
  const sorted = [...params].sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return url + sorted.map(([k, v]) => k + v).join('');
}

/** `X-Twilio-Signature`: base64 HMAC-SHA1 of the signed string, keyed by the account's auth token. */
export async function twilioSignature(ctx: Pick<ActionContext, 'crypto'>, authToken: string, url: string, params: [string, string][]) {
  return ctx.crypto.hmac('sha1', authToken, signedString(url, params), 'base64');
}
