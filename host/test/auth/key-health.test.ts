import { expect } from 'chai';
import { keyWarnings } from '../../src/auth/index.js';
import { makeKey } from '../../src/auth/jwt-keys.js';
import { withTestHost } from '../../src/testing/index.js';

const DAY = 86400_000;

describe('keyWarnings', () => {
  it('flags keys shorter than 32 bytes', () => {
    const w = keyWarnings([makeKey('k', Buffer.from('short-but-not-default'), 'env')], {}, 90);
    expect(w.map((x) => x.problem)).to.deep.equal(['short']);
  });

  it('flags well-known default secrets', () => {
    const w = keyWarnings([makeKey('k', Buffer.from('your-256-bit-secret'), 'env')], {}, 90);
    expect(w.map((x) => x.problem)).to.deep.equal(['known_default']);
  });

  it('flags keys older than the maximum age, dated by creation or first sight', () => {
    const now = Date.now();
    const generated = makeKey('g', Buffer.alloc(48, 1), 'generated', new Date(now - 100 * DAY));
    const fromEnv = makeKey('e', Buffer.alloc(48, 2), 'env');
    const seen = { [fromEnv.fingerprint]: new Date(now - 91 * DAY).toISOString() };
    expect(keyWarnings([generated, fromEnv], seen, 90, now).map((x) => `${x.kid}:${x.problem}`)).to.deep.equal(['g:old', 'e:old']);
    expect(keyWarnings([generated, fromEnv], seen, 120, now)).to.deep.equal([]);
  });

  it('accepts a strong, fresh key', () => {
    expect(keyWarnings([makeKey('k', Buffer.alloc(48, 7), 'env')], {}, 90)).to.deep.equal([]);
  });
});

describe('weak key reporting', () => {
  it('shows a weak key in /readyz (without failing it) and in /metrics', async () => {
    await withTestHost({ config: { jwtKeys: ['weak:secret'] } }, async (host) => {
      const r = await fetch(`${host.url}/readyz`);
      const body = (await r.json()) as { status: string; checks: Record<string, { ok: boolean; required: boolean; detail?: string }> };
      expect(r.status).to.equal(200);
      expect(body.checks.jwt_keys).to.deep.include({ ok: false, required: false });
      expect(body.checks.jwt_keys!.detail).to.match(/weak is a well-known default/);
      const metrics = await (await fetch(`${host.url}/metrics`)).text();
      expect(metrics).to.match(/bacon_jwt_key_warnings\{kid="weak",problem="known_default"\} 1/);
    });
  });

  it('reports a strong key as fine', async () => {
    await withTestHost({}, async (host) => {
      const body = (await (await fetch(`${host.url}/readyz`)).json()) as { checks: Record<string, { ok: boolean }> };
      expect(body.checks.jwt_keys!.ok).to.equal(true);
    });
  });
});
