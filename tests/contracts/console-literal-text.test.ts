import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/i18n/literal-text.tsx', import.meta.url));

describe('console text comes from the catalog (bacon/no-jsx-literal-text)', function () {
  this.timeout(60000);

  it('reports words written in JSX text, string children and read attributes, and lets symbols and t() through', async () => {
    const text = readFileSync(fixture, 'utf8');
    const as = /^\/\/ lint-as: (\S+)/.exec(text)![1]!;
    const [result] = await new ESLint({ cwd: root }).lintText(text, { filePath: join(root, as), warnIgnored: true });
    const found = result!.messages.map((m) => ({ rule: m.ruleId, line: m.line }));
    expect(found).to.deep.equal([
      { rule: 'bacon/no-jsx-literal-text', line: 6 },
      { rule: 'bacon/no-jsx-literal-text', line: 7 },
      { rule: 'bacon/no-jsx-literal-text', line: 8 },
      { rule: 'bacon/no-jsx-literal-text', line: 9 },
    ]);
  });
});
