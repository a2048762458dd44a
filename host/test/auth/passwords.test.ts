import { expect } from 'chai';
import { hashPassword, verifyPassword } from '../../src/auth/index.js';

describe('hashPassword / verifyPassword', () => {
  it('verifies the right password and refuses others', async () => {
    const h = await hashPassword('correct horse battery staple');
    expect(h).to.match(/^scrypt\$32768\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', h)).to.equal(true);
    expect(await verifyPassword('correct horse battery stapler', h)).to.equal(false);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).to.not.equal(await hashPassword('same'));
  });

  it('never matches a malformed hash', async () => {
    for (const bad of ['', 'plain', 'scrypt$1$2', 'bcrypt$a$b$c$d$e', 'scrypt$32768$8$1$c2FsdA$c2hvcnQ'])
      expect(await verifyPassword('x', bad)).to.equal(false);
  });
});
