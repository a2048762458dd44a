// ESLint rule: a relative import stays inside its own workspace (host, sdk, testing, one package of
// packages/, official-plugins/ or examples/, tests, scripts). Reaching into another one's files is what
// its package name (its public entry point) is for. tests/ may also use scripts/.
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const GROUPED = new Set(['packages', 'official-plugins', 'examples']);
const ALSO = { tests: ['scripts'] };

/** The workspace folder (relative to the repository) that holds `file`, or undefined outside them. */
export function workspaceOf(file) {
  const parts = relative(repoRoot, file).split(sep);
  if (parts[0] === '..' || parts.length < 2) return undefined;
  return GROUPED.has(parts[0]) ? parts.slice(0, 2).join('/') : parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
export const noRelativeEscape = {
  meta: {
    type: 'problem',
    docs: { description: 'relative imports stay inside their own workspace; other code is imported by package name' },
    schema: [],
    messages: {
      escape: "'{{source}}' reaches from {{from}} into {{to}}: import it by its package name (its public entry point).",
    },
  },
  create(context) {
    const file = context.filename;
    const from = workspaceOf(file);
    if (!from) return {};
    const allowed = [from, ...(ALSO[from] ?? [])];
    const check = (node) => {
      const source = node?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = relative(repoRoot, resolve(dirname(file), source))
        .split(sep)
        .join('/');
      if (allowed.some((w) => target === w || target.startsWith(`${w}/`))) return;
      context.report({ node, messageId: 'escape', data: { source, from, to: workspaceOf(resolve(repoRoot, target)) ?? target } });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n.source),
    };
  },
};

export default { rules: { 'no-relative-escape': noRelativeEscape } };
