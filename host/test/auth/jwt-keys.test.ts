import { expect } from 'chai';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { loadJwtKeys, JwtKeyError } from '../../src/auth/index.js';
import { startTestHost, createTestDatabase, createTestUser } from '../../src/testing/index.js';
import { me } from './session-client.js';

const OLD = 'old:0123456789abcdef0123456789abcdef-old';
const NEW = 'new:0123456789abcdef0123456789abcdef-new';

describe('loadJwtKeys', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-keys-'));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('reads kid:secret pairs: the first signs, all verify', async () => {
    const ring = await loadJwtKeys({ jwtKeys: [NEW, OLD], dataDir: dir, nodeEnv: 'production', databaseUrl: 'postgres://x/y' });
    expect(ring.signing.kid).to.equal('new');
    expect([...ring.keys.keys()]).to.deep.equal(['new', 'old']);
  });

  it('reads a key from a file with kid:@path', async () => {
    const file = path.join(dir, 'k');
    await writeFile(file, 'a-secret-from-a-file-that-is-long-enough\n');
    const ring = await loadJwtKeys({ jwtKeys: [`f:@${file}`], dataDir: dir, nodeEnv: 'production' });
    expect(ring.signing.secret.toString()).to.equal('a-secret-from-a-file-that-is-long-enough');
    expect(ring.signing.source).to.equal('file');
  });

  it('generates one strong key on the embedded default and keeps it in the data dir (mode 0600)', async () => {
    const a = await loadJwtKeys({ jwtKeys: [], dataDir: dir, nodeEnv: 'development' });
    const b = await loadJwtKeys({ jwtKeys: [], dataDir: dir, nodeEnv: 'development' });
    expect(a.signing.secret.length).to.be.at.least(32);
    expect(b.signing.kid).to.equal(a.signing.kid);
    expect(b.signing.secret.equals(a.signing.secret)).to.equal(true);
    const st = await stat(path.join(dir, 'jwt-keys.json'));
    expect(st.mode & 0o777).to.equal(0o600);
    expect(JSON.parse(await readFile(path.join(dir, 'jwt-keys.json'), 'utf8'))).to.have.keys('kid', 'secret', 'createdAt');
  });

  it('refuses to boot a Postgres deployment without keys, naming the variable', async () => {
    let err: unknown;
    try {
      await loadJwtKeys({ jwtKeys: [], dataDir: dir, nodeEnv: 'production', databaseUrl: 'postgres://db/bacon' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(JwtKeyError);
    expect((err as Error).message).to.match(/BACON_JWT_KEYS is required/);
  });

  it('refuses a kid given twice', async () => {
    let err: unknown;
    await loadJwtKeys({ jwtKeys: [OLD, OLD], dataDir: dir, nodeEnv: 'test' }).catch((e) => (err = e));
    expect((err as Error).message).to.match(/appears twice/);
  });
});

describe('key rotation', () => {
  it('keeps old tokens valid while their kid is listed, signs with the first key, and drops them once removed', async () => {
    const database = await createTestDatabase();
    try {
      const h1 = await startTestHost({ database, config: { jwtKeys: [OLD] } });
      const u = await createTestUser(h1);
      expect((jwt.decode(u.token, { complete: true }) as { header: { kid: string } }).header.kid).to.equal('old');
      await h1.close();

      const h2 = await startTestHost({ database, config: { jwtKeys: [NEW, OLD] } });
      expect(await me(h2, u.token), 'the old kid still verifies').to.equal(200);
      const fresh = await createTestUser(h2);
      expect((jwt.decode(fresh.token, { complete: true }) as { header: { kid: string } }).header.kid).to.equal('new');
      await h2.close();

      const h3 = await startTestHost({ database, config: { jwtKeys: [NEW] } });
      expect(await me(h3, u.token), 'removed: tokens of the old kid stop verifying').to.equal(401);
      expect(await me(h3, fresh.token)).to.equal(200);
      await h3.close();
    } finally {
      await database.drop();
    }
  });
});
