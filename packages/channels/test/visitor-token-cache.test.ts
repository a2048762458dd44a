import { expect } from 'chai';
import { authRuntime } from '@bacon/host';
import { startWidgetHost, openVisitor, startConversation, sendVisitorMessage, type WidgetTestHost } from './support/widget-host.js';

// The host caches a visitor token's verification until the token expires (issue 12); the deny-list is
// still asked on every request, so revoking a session refuses its very next request.
describe('a cached visitor token', function () {
  this.timeout(120_000);
  let t: WidgetTestHost;
  before(async () => {
    t = await startWidgetHost();
  });
  after(async () => t?.close());

  it('is refused at once when its session is revoked', async () => {
    const v = await openVisitor(t);
    const { conversationId } = await startConversation(t.url, v, 'hello');
    await sendVisitorMessage(t.url, v, conversationId, 'verified from the cache now');
    const rt = authRuntime(t.host);
    expect(rt.verifiedTokens.size, 'the token was cached').to.be.greaterThan(0);
    const claims = JSON.parse(Buffer.from(v.token.split('.')[1]!, 'base64url').toString('utf8')) as {
      jti: string;
      tid: string;
      exp: number;
    };
    const { jti, tid, exp } = claims;
    await rt.revocations.revoke({ jti, tenantId: tid, expiresAt: new Date(exp * 1000) });
    const res = await fetch(`${t.url}/widget/v1/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: v.headers,
      body: JSON.stringify({ text: 'after the revocation', clientMessageId: 'after-revocation-1' }),
    });
    expect(res.status).to.equal(401);
    const body = (await res.json()) as { error: { details?: { reason?: string } } };
    expect(body.error.details?.reason).to.equal('token_revoked');
  });
});
