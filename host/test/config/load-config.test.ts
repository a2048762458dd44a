import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { loadConfig, ConfigError, ENV_VARS } from '../../src/config/index.js';

describe('loadConfig', () => {
  it('applies documented defaults and freezes the result', () => {
    const c = loadConfig({});
    expect(c.port).to.equal(3000);
    expect(c.dataDir).to.match(/\.bacon\/data$/);
    expect(c.databaseUrl).to.equal(undefined);
    expect(Object.isFrozen(c)).to.equal(true);
  });

  it('coerces numbers, booleans and lists from strings', () => {
    const c = loadConfig({ PORT: '8080', LOG_PRETTY: 'yes', BACON_PLUGINS: 'a, b', DATABASE_POOL_MAX: '4' });
    expect(c.port).to.equal(8080);
    expect(c.logPretty).to.equal(true);
    expect(c.plugins).to.deep.equal(['a', 'b']);
    expect(c.dbPoolMax).to.equal(4);
  });

  it('refuses a bad value with an error naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).to.throw(ConfigError, /PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).to.throw(ConfigError, /DATABASE_URL/);
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).to.throw(ConfigError, /LOG_LEVEL/);
    expect(() => loadConfig({ DATABASE_POOL_MIN: '9', DATABASE_POOL_MAX: '2' })).to.throw(ConfigError, /DATABASE_POOL_MIN/);
  });

  it('never echoes a secret-bearing value in the error', () => {
    try {
      loadConfig({ REDIS_URL: 'http://user:hunter2@x' });
      expect.fail('should throw');
    } catch (err) {
      expect((err as Error).message)
        .to.contain('REDIS_URL')
        .and.not.contain('hunter2');
    }
  });

  it('lets overrides win over the environment', () => {
    expect(loadConfig({ PORT: '8080' }, { port: 0 }).port).to.equal(0);
  });
});

describe('docs/configuration.md', () => {
  it('documents every environment variable the host reads', async () => {
    const doc = await readFile(new URL('../../../docs/configuration.md', import.meta.url), 'utf8');
    const missing = ENV_VARS.filter((v) => !doc.includes(`\`${v.name}\``)).map((v) => v.name);
    expect(missing, `undocumented: ${missing.join(', ')}`).to.deep.equal([]);
  });
});
