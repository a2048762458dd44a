import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';

const src = new URL('../src/', import.meta.url);

/** The console bundles the contract for the browser: it must stay pure declarations and pure data. */
describe('@bacon/analytics-contract package', () => {
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
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      sideEffects?: boolean;
      dependencies?: Record<string, string>;
    };
    expect(pkg.sideEffects).to.equal(false);
    expect(Object.keys(pkg.dependencies ?? {})).to.deep.equal(['@bacon/sdk']);
  });
});
