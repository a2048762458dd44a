import { expect } from 'chai';
import { decideWebhookIp, webhookAllowLists } from '../src/webhook-ip-rules.js';

describe('decideWebhookIp', () => {
  it('allows any address when the plugin has no allow-list, or an empty one', () => {
    expect(decideWebhookIp('198.51.100.7', undefined)).to.deep.equal({ ok: true });
    expect(decideWebhookIp('198.51.100.7', [])).to.deep.equal({ ok: true });
  });

  it('allows an address inside one of the ranges and refuses one outside them', () => {
    const allow = ['203.0.113.0/24', '2001:db8::/32', '192.0.2.10'];
    expect(decideWebhookIp('203.0.113.200', allow).ok).to.equal(true);
    expect(decideWebhookIp('2001:db8::1', allow).ok).to.equal(true);
    expect(decideWebhookIp('192.0.2.10', allow).ok).to.equal(true);
    expect(decideWebhookIp('192.0.2.11', allow)).to.deep.equal({ ok: false, reason: 'not_allowed' });
    expect(decideWebhookIp('198.51.100.7', allow)).to.deep.equal({ ok: false, reason: 'not_allowed' });
  });

  it('reads an IPv4-mapped IPv6 caller as its IPv4 address', () => {
    expect(decideWebhookIp('::ffff:203.0.113.9', ['203.0.113.0/24']).ok).to.equal(true);
  });

  it("expands `provider` to the adapter's published ranges, and to nothing when it publishes none", () => {
    expect(decideWebhookIp('157.240.1.1', ['provider'], ['157.240.0.0/16']).ok).to.equal(true);
    expect(decideWebhookIp('8.8.8.8', ['provider'], ['157.240.0.0/16']).ok).to.equal(false);
    expect(decideWebhookIp('157.240.1.1', ['provider']).ok).to.equal(false);
    expect(decideWebhookIp('192.0.2.1', ['provider', '192.0.2.0/28']).ok).to.equal(true);
  });

  it('fails closed when no entry of a non-empty list parses, or the caller has no address', () => {
    expect(decideWebhookIp('192.0.2.1', ['999.1.1.1/8']).ok).to.equal(false);
    expect(decideWebhookIp('', ['192.0.2.0/24']).ok).to.equal(false);
  });
});

describe('webhookAllowLists', () => {
  it("answers a plugin's list from the tenant's settings, read once per TTL", async () => {
    let reads = 0;
    let settings: Record<string, unknown> = { webhookIpAllow: { messenger: ['203.0.113.0/24'] } };
    const listOf = webhookAllowLists(async () => (reads++, settings), 60_000);
    expect(await listOf('t1', 'messenger')).to.deep.equal(['203.0.113.0/24']);
    expect(await listOf('t1', 'twilio-whatsapp')).to.equal(undefined);
    settings = {};
    expect(await listOf('t1', 'messenger')).to.deep.equal(['203.0.113.0/24']);
    expect(reads).to.equal(1);
    const fresh = webhookAllowLists(async () => settings, 0);
    expect(await fresh('t1', 'messenger')).to.equal(undefined);
  });
});
