// ESLint rule: the console's words come from its message catalog (packages/console/src/i18n), so JSX
// holds no text of its own. Reported: text between tags with a letter in it, a string with a letter
// as a JSX child (`{'Save'}`), and a string with a letter in an attribute a person reads or hears
// (aria-label, title, placeholder, alt, label...). Punctuation and symbols alone (`·`, `×`, `…`) pass.

const READ_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
  'value-label',
]);
const LETTER = /\p{L}/u;

/** @type {import('eslint').Rule.RuleModule} */
export const noJsxLiteralText = {
  meta: {
    type: 'problem',
    docs: { description: 'console text comes from the message catalog (t()), not from JSX literals' },
    schema: [],
    messages: {
      text: "'{{text}}' is written in JSX: put it in the area's messages.ts and use t() (docs/development.md#translations).",
    },
  },
  create(context) {
    const report = (node, text) => context.report({ node, messageId: 'text', data: { text: text.trim().slice(0, 40) } });
    const isStringLiteral = (n) =>
      n && ((n.type === 'Literal' && typeof n.value === 'string') || (n.type === 'TemplateLiteral' && n.expressions.length === 0));
    const stringOf = (n) => (n.type === 'Literal' ? n.value : (n.quasis[0].value.cooked ?? ''));
    return {
      JSXText(node) {
        if (LETTER.test(node.value)) report(node, node.value);
      },
      JSXExpressionContainer(node) {
        if (node.parent?.type === 'JSXAttribute') return;
        if (isStringLiteral(node.expression) && LETTER.test(stringOf(node.expression))) report(node, stringOf(node.expression));
      },
      JSXAttribute(node) {
        const name = node.name.type === 'JSXIdentifier' ? node.name.name : '';
        if (!READ_ATTRIBUTES.has(name) || !node.value) return;
        const v = node.value.type === 'JSXExpressionContainer' ? node.value.expression : node.value;
        if (isStringLiteral(v) && LETTER.test(stringOf(v))) report(node, stringOf(v));
      },
    };
  },
};
