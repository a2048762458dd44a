import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { runChannelContract } from '@bacon/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';

const PAGE = '1234567890';
const APP_SECRET = 'contract-app-secret';
const TOKEN = 'EAAG-contract-token';

/** A Page webhook as Meta documents it, signed with X-Hub-Signature-256 over the raw body. */
const signed = (...messaging: unknown[]) => {
  const body = JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging }] });
  return {
    headers: {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', APP_SECRET).update(body).digest('hex')}`,
    },
    body,
  };
};

const sendApi = () => nock('https://graph.facebook.com').post('/v19.0/me/messages').query({ access_token: TOKEN });

describe('messenger passes the channel contract', function () {
  this.timeout(600_000);
  it('signatures, 1,000 concurrent copies as one message, status mapping, degraded components, 429, permanent errors, channels apart', async () => {
    let psid = '';
    const report = await runChannelContract({
      entry: new URL('../src/index.ts', import.meta.url),
      pluginId: 'messenger',
      channel: 'messenger',
      hostPlugins: [inbox, channelsPlugin({ sender: { retryBaseMs: 20 }, webhooks: { maxInFlight: 2000 } })],
      settings: { pageId: PAGE, pageAccessToken: TOKEN, appSecret: APP_SECRET, verifyToken: 'contract-verify' },
      dnsLookup: async () => [{ address: '157.240.0.35', family: 4 }],
      inbound: ({ messageId, from, text }) => (
        (psid = from),
        signed({ sender: { id: from }, recipient: { id: PAGE }, timestamp: Date.now(), message: { mid: messageId, text } })
      ),
      status: ({ externalMessageId }) =>
        signed({ sender: { id: psid }, recipient: { id: PAGE }, delivery: { mids: [externalMessageId], watermark: Date.now() } }),
      stubSend: (mid, sent) =>
        void sendApi().reply(200, (_uri, body) => {
          sent?.(String((body as { message?: { text?: string } }).message?.text ?? ''));
          return { recipient_id: psid, message_id: mid };
        }),
      // Meta's Graph error object: {error: {message, type, code, error_subcode, fbtrace_id}}; 613 is its send-rate limit.
      stubRateLimited: (seconds) =>
        void sendApi().reply(
          429,
          {
            error: {
              message: '(#613) Calls to this api have exceeded the rate limit.',
              type: 'OAuthException',
              code: 613,
              fbtrace_id: 'AbCdEf1',
            },
          },
          { 'Retry-After': String(seconds) },
        ),
      stubRefused: () => {
        sendApi().reply(400, {
          error: {
            message: '(#100) No matching user found',
            type: 'OAuthException',
            code: 100,
            error_subcode: 2018001,
            fbtrace_id: 'AbCdEf2',
          },
        });
        return 'code 100/2018001';
      },
    });
    expect(report.passed).to.have.length(7);
  });
});
