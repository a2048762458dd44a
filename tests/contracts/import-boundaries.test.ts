import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/boundaries/', import.meta.url));

/** Lints a fixture as if it lived at the path its first line names (`// lint-as: <path>`). */
async function lintFixture(name: string): Promise<{ rule: string | null; line: number }[]> {
  const text = readFileSync(join(fixtures, name), 'utf8');
  const as = /^\/\/ lint-as: (\S+)/.exec(text)?.[1];
  if (!as) throw new Error(`${name} does not say where it pretends to live (// lint-as: <path>)`);
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(text, { filePath: join(root, as), warnIgnored: true });
  return result!.messages.map((m) => ({ rule: m.ruleId, line: m.line }));
}

const rulesOf = (messages: { rule: string | null }[]) => messages.map((m) => m.rule);

describe('import boundaries (eslint.config.js, npm run lint)', function () {
  this.timeout(60000);

  it('let a plugin import the SDK, contract packages, npm libraries and its own files', async () => {
    expect(await lintFixture('allowed.ts')).to.deep.equal([]);
  });

  it('refuse a plugin importing the host or its test kit', async () => {
    expect(rulesOf(await lintFixture('plugin-imports-host.ts'))).to.deep.equal(['no-restricted-imports', 'no-restricted-imports']);
  });

  it('refuse a plugin importing another plugin (import, re-export, third-party plugin)', async () => {
    expect(await lintFixture('plugin-imports-plugin.ts')).to.deep.equal([
      { rule: 'no-restricted-imports', line: 3 },
      { rule: 'no-restricted-imports', line: 4 },
      { rule: 'no-restricted-imports', line: 5 },
    ]);
  });

  it('refuse a plugin reaching into the kernel or another plugin by a relative path', async () => {
    expect(rulesOf(await lintFixture('plugin-deep-relative.ts'))).to.deep.equal(['bacon/no-relative-escape', 'bacon/no-relative-escape']);
  });

  it('refuse the host importing a plugin, the console or a contract package', async () => {
    expect(rulesOf(await lintFixture('host-imports-plugin.ts'))).to.deep.equal([
      'no-restricted-imports',
      'no-restricted-imports',
      'no-restricted-imports',
    ]);
  });

  it('refuse the SDK importing the host, by name or by path', async () => {
    expect(rulesOf(await lintFixture('sdk-imports-host.ts'))).to.deep.equal(['no-restricted-imports', 'bacon/no-relative-escape']);
  });

  it('refuse tests reaching into sources instead of package names, dynamic imports included', async () => {
    expect(rulesOf(await lintFixture('tests-deep-path.ts'))).to.deep.equal(['bacon/no-relative-escape', 'bacon/no-relative-escape']);
  });

  it('covers every fixture of the folder', () => {
    const tested = [
      'allowed.ts',
      'plugin-imports-host.ts',
      'plugin-imports-plugin.ts',
      'plugin-deep-relative.ts',
      'host-imports-plugin.ts',
      'sdk-imports-host.ts',
      'tests-deep-path.ts',
    ];
    expect(readdirSync(fixtures).sort()).to.deep.equal([...tested].sort());
  });
});
