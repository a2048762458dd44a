import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

async function markdownFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await markdownFiles(full)));
    else if (entry.name.endsWith('.md')) out.push(full);
  }
  return out;
}

describe('curl lines in the docs', () => {
  it('send JSON bodies with a JSON content type (JSON routes answer anything else with 415)', async () => {
    const files = [...(await markdownFiles(path.join(ROOT, 'docs'))), path.join(ROOT, 'README.md')];
    const offenders: string[] = [];
    let checked = 0;
    for (const file of files) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (!/\bcurl\b/.test(line) || !/\s(-d|--data(-raw|-binary)?)\s/.test(line)) return;
        checked++;
        if (!/content-type:\s*application\/(json|[a-z.+-]+\+json)/i.test(line)) offenders.push(`${path.relative(ROOT, file)}:${i + 1}`);
      });
    }
    expect(checked, 'the docs show at least one curl call with a body').to.be.greaterThan(0);
    expect(offenders).to.deep.equal([]);
  });
});
