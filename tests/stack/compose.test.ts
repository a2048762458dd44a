import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { ENV_VARS, loadConfig } from '@bacon/host';
import { freshSecrets, fillEnv } from 'create-bacon-app';
import { interpolateDeep, parseDotenv } from '../../scripts/stack-env.js';
import { COMPOSE_VARS } from '../../scripts/stack-env-example.js';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFile(new URL(file, root), 'utf8');
const hostVars = new Set(ENV_VARS.map((v) => v.name));
type Service = { environment?: Record<string, string>; depends_on?: Record<string, { condition: string; required?: boolean }> } & Record<
  string,
  unknown
>;
type Compose = { services: Record<string, Service>; volumes?: Record<string, unknown> };

async function composeSchema() {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  // The schema names draft-07 by its https address, which ajv knows by the http one: its default draft is 07.
  const { $schema: _draft, ...schema } = JSON.parse(await read('tests/stack/vendor/compose-spec.json'));
  return ajv.compile(schema);
}

/** The compose file as `docker compose config` would see it with a freshly generated .env. */
async function composeWithEnv(): Promise<{ doc: Compose; env: Record<string, string> }> {
  const env = parseDotenv(fillEnv(await read('.env.example'), freshSecrets()));
  return { doc: interpolateDeep(parse(await read('docker-compose.yml')), env) as Compose, env };
}

describe('docker-compose.yml', () => {
  it('is valid against the compose-spec JSON schema (and the schema rejects a broken file)', async () => {
    const validate = await composeSchema();
    const doc = parse(await read('docker-compose.yml')) as Compose;
    expect(validate(doc), JSON.stringify(validate.errors)).to.equal(true);
    const broken = structuredClone(doc);
    (broken.services.bacon.depends_on as Record<string, unknown>).postgres = { condition: 'whenever' };
    expect(validate(broken)).to.equal(false);
  });

  it("gives the host only variables of its config schema, and they load with the .env's secrets", async () => {
    const { doc, env } = await composeWithEnv();
    const bacon = doc.services.bacon;
    for (const name of Object.keys(bacon.environment ?? {})) expect(hostVars, `${name} is not a host variable`).to.include(name);
    // env_file supplies .env, the service's environment wins; the host reads the result.
    const seen = { ...env, ...bacon.environment };
    const config = loadConfig(seen);
    expect(config.databaseUrl).to.match(/^postgres:\/\/bacon:[0-9a-f]{48}@postgres:5432\/bacon$/);
    expect(config.jwtKeys).to.have.length(1);
    expect(config.pluginSecretsKey).to.have.length(64);
    expect(config.nodeEnv).to.equal('production');
  });

  it('refuses to start without the secrets (interpolation fails naming the variable)', async () => {
    const env = parseDotenv(await read('.env.example'));
    const compose = parse(await read('docker-compose.yml'));
    expect(() => interpolateDeep(compose, env)).to.throw(/POSTGRES_PASSWORD|BACON_JWT_KEYS|BACON_PLUGIN_SECRETS_KEY/);
  });

  it('starts the host after a healthy Postgres, with Redis as an optional profile', async () => {
    const { doc } = await composeWithEnv();
    const { bacon, postgres, redis } = doc.services;
    expect(bacon.depends_on?.postgres).to.deep.equal({ condition: 'service_healthy' });
    expect(bacon.depends_on?.redis).to.deep.equal({ condition: 'service_healthy', required: false });
    expect(postgres.healthcheck).to.have.property('test');
    expect(postgres.volumes).to.deep.equal(['postgres-data:/var/lib/postgresql/data']);
    expect(redis.profiles).to.deep.equal(['redis']);
    expect(redis.healthcheck).to.have.property('test');
    expect(JSON.stringify(bacon.healthcheck)).to.contain('/readyz');
  });
});

describe('.env.example', () => {
  it('is what `npm run stack:env` generates from the config schema (every host variable documented)', async () => {
    const { renderEnvExample } = await import('../../scripts/stack-env-example.js');
    expect(await read('.env.example'), 'run `npm run stack:env` to regenerate .env.example').to.equal(renderEnvExample());
  });

  it('names only host variables and the compose file own ones', async () => {
    const text = await read('.env.example');
    const named = [...text.matchAll(/^(?:# )?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]);
    const known = new Set([...hostVars, ...COMPOSE_VARS.map((v) => v.name)]);
    for (const name of named) expect(known, name).to.include(name);
    for (const name of hostVars) expect(named, name).to.include(name);
  });
});

describe('Dockerfile', () => {
  const instructions = async () =>
    (await read('Dockerfile'))
      .replace(/\\\n/g, ' ')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));

  it('builds in one stage (isolated-vm compiled there) and runs on node:20-slim in another', async () => {
    const lines = await instructions();
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms).to.have.length.greaterThanOrEqual(2);
    expect(froms.at(-1)).to.match(/^FROM node:20-slim AS runtime$/);
    const build = lines.slice(0, lines.indexOf(froms.at(-1) as string)).join('\n');
    expect(build)
      .to.match(/g\+\+/)
      .and.to.match(/npm ci/)
      .and.to.match(/isolated-vm/);
    const runtime = lines.slice(lines.indexOf(froms.at(-1) as string)).join('\n');
    expect(runtime).to.not.match(/g\+\+|apt-get install/);
  });

  it('runs as a non-root user with a HEALTHCHECK on /healthz', async () => {
    const lines = await instructions();
    const user = lines.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).to.be.a('string');
    expect(user).to.not.match(/^USER (root|0)(:|$)/);
    expect(lines.find((l) => l.startsWith('HEALTHCHECK'))).to.contain('/healthz');
  });

  it('configures the host from the environment only (no secret baked in)', async () => {
    const lines = await instructions();
    const envNames = lines.filter((l) => l.startsWith('ENV ')).flatMap((l) => [...l.matchAll(/([A-Z_][A-Z0-9_]*)=/g)].map((m) => m[1]));
    for (const name of envNames) expect(hostVars, name).to.include(name);
    expect(envNames.filter((n) => /KEY|SECRET|PASSWORD|TOKEN/.test(n))).to.deep.equal([]);
    expect(lines.some((l) => /^COPY .*\.env\b/.test(l))).to.equal(false);
  });
});
