import { HostErrors } from './errors.js';

/** Deepest nesting of arrays and objects a request may carry (serializers and validators recurse). */
export const MAX_INPUT_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a string cannot be stored, or undefined: NUL (refused by Postgres text and jsonb) or a lone surrogate. */
function stringProblem(s: string): string | undefined {
  if (s.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(s)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}

function pointer(path: (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Refuses, at the boundary, input that no storage can hold: strings (values and keys) with a NUL
 * character or an unpaired surrogate, and nesting deeper than MAX_INPUT_DEPTH. Walks without
 * recursion, so a hostile depth cannot overflow the stack. `where` names the part (`body`, `query`,
 * `params`, a plugin's result) in the error's `details.field`.
 */
export function guardInput(where: string, value: unknown): void {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = stringProblem(v);
      if (problem) throw HostErrors.invalidCharacters({ field: `${where}${pointer(path)}`, reason: problem });
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (path.length >= MAX_INPUT_DEPTH) throw HostErrors.inputTooDeep({ field: `${where}${pointer(path)}`, maxDepth: MAX_INPUT_DEPTH });
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: [...path, i] });
      continue;
    }
    for (const [k, child] of Object.entries(v)) {
      const problem = stringProblem(k);
      if (problem) throw HostErrors.invalidCharacters({ field: `${where}${pointer([...path, k])}`, reason: `key ${problem}` });
      stack.push({ v: child, path: [...path, k] });
    }
  }
}
