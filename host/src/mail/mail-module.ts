import nodemailer from 'nodemailer';
import type { OutgoingMail, PluginMailer } from '@bacon/sdk';
import type { Config } from '../config/index.js';
import { defineModule } from '../kernel/host-module.js';
import { defineService } from '../kernel/service-ref.js';
import { HostErrors } from '../http/errors.js';

/** Outgoing mail, for the plugins that declare `services: ['mailer']`. */
export const mailerService = defineService<PluginMailer>('mailer');

/** A mailer over `BACON_SMTP_URL` (nodemailer's SMTP transport), or one that says it is not configured. */
export function createMailer(
  config: Pick<Readonly<Config>, 'smtpUrl' | 'mailFrom'>,
  publicUrl: () => string,
): PluginMailer & { close(): void } {
  if (!config.smtpUrl)
    return {
      configured: false,
      get publicUrl() {
        return publicUrl();
      },
      send: () => Promise.reject(HostErrors.mailNotConfigured(undefined, 'No SMTP server is configured (BACON_SMTP_URL).')),
      close: () => undefined,
    };
  const transport = nodemailer.createTransport(config.smtpUrl);
  return {
    configured: true,
    get publicUrl() {
      return publicUrl();
    },
    async send(mail: OutgoingMail) {
      const info = await transport.sendMail({ from: config.mailFrom, ...mail });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}

/** Provides `mailer`; closes the SMTP connections at stop. */
export function mailModule(config: Readonly<Config>) {
  let mailer: ReturnType<typeof createMailer> | undefined;
  return defineModule({
    name: 'mail',
    provides: { mailer: mailerService },
    async start(services) {
      // PUBLIC_URL, else the address the server listens on (known once it listens).
      const listening = () => {
        const address = services.server.address();
        return `http://localhost:${typeof address === 'object' && address ? address.port : config.port}`;
      };
      mailer = createMailer(config, () => config.publicUrl ?? listening());
      return { mailer };
    },
    async stop() {
      mailer?.close();
    },
  });
}
