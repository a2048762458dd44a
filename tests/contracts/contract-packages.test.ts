import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';

/**
 * The contract packages: the console bundles them for the browser, so each must stay pure
 * declarations, data and pure functions, importing only its own files and @bacon/sdk (types only).
 */
for (const name of ['inbox-contract', 'analytics-contract']) {
  const dir = new URL(`../../packages/${name}/`, import.meta.url);
  const src = new URL('src/', dir);

  describe(`@bacon/${name} package`, () => {
    it('imports only its own files, and @bacon/sdk for types only', async () => {
      const files = (await readdir(src)).filter((f) => f.endsWith('.ts'));
      expect(files).to.include('index.ts');
      for (const file of files) {
        const text = await readFile(new URL(file, src), 'utf8');
        for (const [statement, typeOnly, from] of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
          if (from!.startsWith('./')) continue;
          expect(from, `${file}: ${statement}`).to.equal('@bacon/sdk');
          expect(typeOnly, `${file}: ${statement} must be a type-only import`).to.not.equal(undefined);
        }
      }
    });

    it('declares no side effects and no runtime dependency but the SDK', async () => {
      const pkg = JSON.parse(await readFile(new URL('package.json', dir), 'utf8')) as {
        sideEffects?: boolean;
        dependencies?: Record<string, string>;
      };
      expect(pkg.sideEffects).to.equal(false);
      expect(Object.keys(pkg.dependencies ?? {})).to.deep.equal(['@bacon/sdk']);
    });
  });
}
