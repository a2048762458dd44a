import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A string error code found in source, where it is thrown or answered. */
export interface CodeUse {
  code: string;
  file: string;
  line: number;
}

/** The generic SDK helpers whose optional third argument is a code. */
const GENERIC = /\b(?:Invalid|Unauthorized|Forbidden|NotFound|Conflict|Unprocessable|RateLimited|Unavailable)\(/g;
/** `code: 'x'` in an error object, an envelope `{ok:false, error:{code}}` or `ctx.throw(..., {code})`. */
const PROPERTY = /\bcode:\s*(['"])([a-z][a-z0-9_]*)\1/g;
/** The sandbox's envelope maker, which takes the code first: `envelope.fail('x', message, ...)`. */
const CODE_FIRST = /\benvelope\.fail\(/g;
/** Every string literal of an argument (a ternary may pick between two codes). */
const STRINGS = /(['"])([a-z][a-z0-9_]*)\1/g;
/** Block comments and whole-line comments (examples in doc comments are not throws), newlines kept. */
const COMMENTS = /\/\*[\s\S]*?\*\/|^\s*\/\/.*$/gm;

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** The top-level arguments of the call whose `(` is at `open`, as source text. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let quote: string | null = null;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        args.push(text.slice(start, i));
        return args.filter((a) => a.trim() !== '');
      }
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(start, i));
      start = i + 1;
    }
  }
  return args;
}

/** Every string code that `text` throws or answers through an error maker. */
/** `source` with its comments blanked (line numbers kept). */
export const stripComments = (source: string) => source.replace(COMMENTS, (c) => c.replace(/[^\n]/g, ' '));

export function scanErrorCodes(source: string, file: string): CodeUse[] {
  const text = stripComments(source);
  const uses: CodeUse[] = [];
  const literals = (arg: string | undefined, at: number) => {
    for (const s of (arg ?? '').matchAll(STRINGS)) uses.push({ code: s[2]!, file, line: lineOf(text, at) });
  };
  for (const m of text.matchAll(PROPERTY)) uses.push({ code: m[2]!, file, line: lineOf(text, m.index!) });
  for (const m of text.matchAll(CODE_FIRST)) literals(callArguments(text, m.index! + m[0].length - 1)[0], m.index!);
  for (const m of text.matchAll(GENERIC)) {
    const args = callArguments(text, m.index! + m[0].length - 1);
    if (args.length === 3) literals(args[2], m.index!);
  }
  return uses;
}

/** TypeScript sources under `dir` (tests, type declarations and node_modules left out). */
export function sourceFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name === 'test') return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The source roots of the project: the kernel, the SDK, the test kit and every plugin. */
export function projectSourceRoots(root: string): string[] {
  const children = (dir: string) => {
    try {
      return readdirSync(join(root, dir)).map((d) => join(root, dir, d, 'src'));
    } catch {
      return [];
    }
  };
  return [
    join(root, 'host/src'),
    join(root, 'sdk/src'),
    join(root, 'testing/src'),
    ...children('packages'),
    ...children('official-plugins'),
    ...children('examples'),
  ];
}

export function scanProject(root: string): CodeUse[] {
  return projectSourceRoots(root)
    .flatMap(sourceFiles)
    .flatMap((file) => scanErrorCodes(readFileSync(file, 'utf8'), relative(root, file)));
}

/** Files that declare a catalog: `errors.ts` or `<something>-errors.ts`. */
export const isErrorsFile = (file: string) => /(^|[/\\])([a-z0-9-]+-)?errors\.ts$/.test(file);
