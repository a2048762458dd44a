import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import nock from 'nock';
import { runChannelContract } from '@bacon/testing';
import inbox from '@bacon/plugin-inbox';
import { channelsPlugin } from '@bacon/plugin-channels';
import { encodeForm } from '../src/form.js';

const ACCOUNT = `AC${'c3'.repeat(16)}`;
const TOKEN = 'contract-auth-token';

/** Twilio's signature, computed independently of the plugin: URL + sorted name/value pairs, HMAC-SHA1, base64. */
const signed = (url: string, params: Record<string, string>) => ({
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': createHmac('sha1', TOKEN)
      .update(
        url +
          Object.keys(params)
            .sort()
            .map((k) => k + params[k])
            .join(''),
      )
      .digest('base64'),
  },
  body: encodeForm(Object.entries(params)),
});

describe('twilio-whatsapp passes the channel contract', function () {
  this.timeout(600_000);
  it('signatures, 1,000 concurrent copies as one message, status mapping, degraded components, 429, permanent errors, channels apart', async () => {
    const report = await runChannelContract({
      entry: new URL('../src/index.ts', import.meta.url),
      pluginId: 'twilio-whatsapp',
      channel: 'whatsapp',
      hostPlugins: [inbox, channelsPlugin({ sender: { retryBaseMs: 20 }, webhooks: { maxInFlight: 2000 } })],
      settings: { accountSid: ACCOUNT, authToken: TOKEN, from: '+14155238886' },
      dnsLookup: async () => [{ address: '54.172.60.0', family: 4 }],
      inbound: ({ url, messageId, from, text }) =>
        signed(url, {
          MessageSid: messageId,
          SmsMessageSid: messageId,
          AccountSid: ACCOUNT,
          From: from,
          To: 'whatsapp:+14155238886',
          Body: text,
          NumMedia: '0',
          ApiVersion: '2010-04-01',
        }),
      status: ({ url, externalMessageId, status }) =>
        signed(url, { MessageSid: externalMessageId, MessageStatus: status, AccountSid: ACCOUNT, ApiVersion: '2010-04-01' }),
      stubSend: (sid, sent) =>
        void nock('https://api.twilio.com')
          .post(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`)
          .reply(201, (_uri, body) => {
            sent?.(new URLSearchParams(String(body)).get('Body') ?? '');
            return { sid, status: 'queued' };
          }),
      // Twilio's REST error body (code, message, more_info, status); 20429 is its "Too Many Requests".
      stubRateLimited: (seconds) =>
        void nock('https://api.twilio.com')
          .post(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`)
          .reply(
            429,
            { code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 },
            { 'Retry-After': String(seconds) },
          ),
      stubRefused: () => {
        nock('https://api.twilio.com').post(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`).reply(400, {
          code: 21211,
          message: "The 'To' number whatsapp:+0000 is not a valid phone number.",
          more_info: 'https://www.twilio.com/docs/errors/21211',
          status: 400,
        });
        return '21211';
      },
    });
    expect(report.passed).to.have.length(7);
  });
});
