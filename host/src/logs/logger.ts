import { pino, type Logger, type DestinationStream } from 'pino';
import { maskPii } from '@bacon/sdk';
import type { Config } from '../config/index.js';

export type { Logger } from 'pino';

/**
 * Paths whose values never reach a log line (censored whole, whatever they hold). Everything else
 * goes through `maskPii` (see `maskLogLine`); add to this list rather than logging around it.
 */
export const REDACT_PATHS: string[] = [
  'password',
  '*.password',
  'token',
  '*.token',
  'secret',
  '*.secret',
  '*.secrets',
  'authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.refreshToken',
  '*.accessToken',
  '*.apiKey',
  'email',
  '*.email',
  'phone',
  '*.phone',
  'req.headers["x-site-secret"]',
  '*.card',
  '*.cardNumber',
  '*.iban',
];

/**
 * The serializer every line passes through last: emails, phone numbers, card numbers (Luhn) and
 * IBANs (mod-97) anywhere in the line (message, paths, error messages and stacks, nested fields)
 * become `[email]`, `[phone]`, `[card]`, `[iban]`. Tokens hold no quote, so the JSON stays valid.
 */
export function maskLogLine(line: string): string {
  return maskPii(line);
}

/** Creates the root logger: JSON lines (or one readable line when LOG_PRETTY), redacted and PII-masked. */
export function createLogger(config: Pick<Config, 'logLevel' | 'logPretty'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: { service: 'bacon' },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: { streamWrite: maskLogLine },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  if (destination) return pino(options, destination);
  if (config.logPretty) return pino(options, prettyLine());
  return pino(options);
}

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function prettyLine(): DestinationStream {
  return {
    write(line: string) {
      try {
        const { level, time, msg, service: _s, ...rest } = JSON.parse(line) as Record<string, unknown>;
        const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
        process.stdout.write(`${String(time).slice(11, 19)} ${LEVEL_NAMES[level as number] ?? level} ${msg ?? ''}${extra}\n`);
      } catch {
        process.stdout.write(line);
      }
    },
  };
}
