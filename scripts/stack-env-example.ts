// Writes .env.example from the host's config schema (ENV_VARS), so every variable the host reads is
// documented there and none is missed: `npm run stack:env`. tests/stack/env-example.test.ts checks it.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ENV_VARS } from '@bacon/host';

/** Variables read by docker-compose.yml itself (not by the host). */
export const COMPOSE_VARS = [
  {
    name: 'POSTGRES_PASSWORD',
    doc: 'Password of the compose stack\'s Postgres user "bacon" (required by docker-compose.yml).',
    secret: true,
  },
  { name: 'BACON_PORT', doc: 'Port the compose stack publishes the host on (default 3000).', secret: false },
] as const;

/** Host variables a production stack must set: generate each with `openssl rand -hex 32` (create-bacon-app does). */
export const SECRET_VARS = ['BACON_JWT_KEYS', 'BACON_PLUGIN_SECRETS_KEY', 'BACON_ADMIN_PASSWORD', 'BACON_METRICS_TOKEN'];

const wrap = (text: string): string[] => {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + word.length > 100 && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
};

const shown = (v: unknown): string => (Array.isArray(v) ? v.join(',') : v === undefined ? '' : String(v));

/** The text of .env.example. */
export function renderEnvExample(): string {
  const out = [
    '# Bacon environment: copy to .env and fill in the secrets (create-bacon-app writes one for you).',
    '# Generated from the host config schema by `npm run stack:env`; docs/configuration.md explains each.',
    '# A commented-out line shows the default; uncomment it to change the value.',
    '# Secrets: generate each with `openssl rand -hex 32` (BACON_JWT_KEYS takes `kid:secret`).',
    '',
    '## docker-compose.yml',
  ];
  for (const v of COMPOSE_VARS) out.push(...wrap(v.doc), `${v.name}=${v.secret ? '' : '3000'}`, '');
  out.push('## host');
  for (const v of ENV_VARS) {
    out.push(...wrap(v.doc));
    if (SECRET_VARS.includes(v.name)) out.push(`${v.name}=`);
    else out.push(`# ${v.name}=${shown(v.schema.default)}`);
    out.push('');
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = new URL('../.env.example', import.meta.url);
  await writeFile(target, renderEnvExample());
  process.stdout.write(`wrote ${fileURLToPath(target)} (${ENV_VARS.length} host variables)\n`);
}
