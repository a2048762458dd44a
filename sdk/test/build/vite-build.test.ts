import { expect } from 'chai';
import { mkdtemp, mkdir, writeFile, rm, utimes } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isStale } from '../../src/build/vite-build.js';

describe('isStale', () => {
  it('is true without a build and false right after one, true again after a source edit', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bacon-stale-'));
    const at = (seconds: number) => new Date(Date.UTC(2030, 0, 1, 0, 0, seconds));
    try {
      await mkdir(path.join(dir, 'src'));
      await writeFile(path.join(dir, 'src/a.ts'), 'x');
      await utimes(path.join(dir, 'src/a.ts'), at(0), at(0));
      expect(await isStale(dir, 'out.js')).to.equal(true);
      await mkdir(path.join(dir, 'dist'));
      await writeFile(path.join(dir, 'dist/out.js'), 'built');
      await utimes(path.join(dir, 'dist/out.js'), at(10), at(10));
      expect(await isStale(dir, 'out.js')).to.equal(false);
      await utimes(path.join(dir, 'src/a.ts'), at(20), at(20));
      expect(await isStale(dir, 'out.js')).to.equal(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
