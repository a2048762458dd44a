import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collectCatalogs, renderErrorTable, withErrorTable, type FoundCatalog } from '../../scripts/error-catalogs.js';
import {
  isErrorsFile,
  projectSourceRoots,
  scanErrorCodes,
  scanProject,
  sourceFiles,
  stripComments,
} from '../../scripts/error-code-scan.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Codes declared by more than one entry, with every place that declares them. */
function duplicates(catalogs: Pick<FoundCatalog, 'owner' | 'errors'>[]): Map<string, string[]> {
  const where = new Map<string, string[]>();
  for (const c of catalogs) for (const e of c.errors) where.set(e.code, [...(where.get(e.code) ?? []), `${c.owner}.${e.name}`]);
  return new Map([...where].filter(([, w]) => w.length > 1));
}

describe('error codes across the project', () => {
  let catalogs: FoundCatalog[];
  before(async () => {
    catalogs = await collectCatalogs(root);
  });

  it('finds the catalogs of the kernel, the SDK and the first-party plugins', () => {
    const owners = catalogs.map((c) => c.owner);
    expect(owners).to.include.members([
      'common',
      'host',
      'plugins',
      'plugin-loader',
      'sandbox',
      'auth',
      'security',
      'realtime',
      'inbox',
      'channels',
    ]);
    expect(new Set(owners).size, 'each owner name once').to.equal(owners.length);
  });

  it('declares every code once, across all owners', () => {
    expect(Object.fromEntries(duplicates(catalogs))).to.deep.equal({});
  });

  it('sees a code declared twice, by two owners or twice by one', () => {
    const a = { owner: 'a', errors: [{ name: 'x', code: 'same', status: 400, message: '', retryable: false }] };
    const b = { owner: 'b', errors: [{ name: 'y', code: 'same', status: 409, message: '', retryable: false }] };
    expect(Object.fromEntries(duplicates([a, b]))).to.deep.equal({ same: ['a.x', 'b.y'] });
    const twice = { owner: 'c', errors: [...a.errors, { ...b.errors[0]!, name: 'z' }] };
    expect(Object.fromEntries(duplicates([twice]))).to.deep.equal({ same: ['c.x', 'c.z'] });
  });

  it('throws no code that a catalog does not declare', () => {
    const declared = new Set(catalogs.flatMap((c) => c.errors.map((e) => e.code)));
    const uses = scanProject(root);
    expect(uses.length, 'the scan sees the thrown codes at all').to.be.greaterThan(20);
    expect(uses.filter((u) => !declared.has(u.code)).map((u) => `${u.file}:${u.line} ${u.code}`)).to.deep.equal([]);
  });

  it('catches every way of throwing an undeclared code (fixture), and not comments', () => {
    const text = readFileSync(new URL('./fixtures/undeclared-error-code.ts', import.meta.url), 'utf8');
    const codes = scanErrorCodes(text, 'fixture.ts').map((u) => u.code);
    expect(codes).to.have.members([
      'fixture_generic_third_argument',
      'fixture_ternary_one',
      'fixture_ternary_two',
      'fixture_bacon_error',
      'fixture_envelope',
      'fixture_envelope_fail',
    ]);
  });

  it('keeps every catalog in an errors file, exported', () => {
    const files = projectSourceRoots(root).flatMap(sourceFiles);
    const calls = (file: string) => (stripComments(readFileSync(file, 'utf8')).match(/\bdefineErrors\(\s*['"]/g) ?? []).length;
    expect(
      files.filter((f) => !isErrorsFile(f) && calls(f) > 0),
      'defineErrors outside an errors file',
    ).to.deep.equal([]);
    const declaredIn = new Map<string, number>();
    for (const c of catalogs) declaredIn.set(c.file, (declaredIn.get(c.file) ?? 0) + 1);
    const unexported = files.filter(isErrorsFile).filter((f) => calls(f) !== (declaredIn.get(f.slice(root.length)) ?? 0));
    expect(unexported, 'a catalog that its errors file does not export').to.deep.equal([]);
  });

  it('lists every declared code in docs/api.md (npm run docs:errors regenerates it)', () => {
    const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    expect(withErrorTable(doc, renderErrorTable(catalogs)) === doc, 'docs/api.md is stale: run npm run docs:errors').to.equal(true);
  });
});
