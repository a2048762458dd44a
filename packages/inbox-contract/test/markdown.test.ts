import { expect } from 'chai';
import { renderInline, renderMarkdown, safeHref } from '../src/markdown.js';

/** Every tag name the renderer may write. */
const ALLOWED_TAGS = new Set(['p', 'br', 'strong', 'em', 'code', 'pre', 'ul', 'ol', 'li', 'a']);

function tagsOf(html: string): string[] {
  return [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1]!.toLowerCase());
}

/** Open and close tags balance like brackets (no crossing such as <em><strong></em></strong>). */
function wellNested(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z]+)[^>]*>/g)) {
    if (m[2] === 'br') continue;
    if (!m[1]) stack.push(m[2]!);
    else if (stack.pop() !== m[2]) return false;
  }
  return stack.length === 0;
}

describe('renderMarkdown', () => {
  it('renders the subset: bold, italic, code, lists, code blocks and links', () => {
    expect(renderMarkdown('Hello **there** and *you* and _me_')).to.equal(
      '<p>Hello <strong>there</strong> and <em>you</em> and <em>me</em></p>',
    );
    expect(renderMarkdown('- one\n- two\n\n1. first\n2. second')).to.equal(
      '<ul><li>one</li><li>two</li></ul><ol><li>first</li><li>second</li></ol>',
    );
    expect(renderMarkdown('Run `npm i`:\n```\nconst a = 1 < 2;\n**not bold**\n```')).to.equal(
      '<p>Run <code>npm i</code>:</p><pre><code>const a = 1 &lt; 2;\n**not bold**</code></pre>',
    );
    expect(renderMarkdown('See [the docs](https://example.com/a_b?x=1&y=2) or mail [us](mailto:help@example.com)')).to.equal(
      '<p>See <a href="https://example.com/a_b?x=1&amp;y=2" rel="noopener noreferrer" target="_blank">the docs</a> or mail ' +
        '<a href="mailto:help@example.com" rel="noopener noreferrer" target="_blank">us</a></p>',
    );
    expect(renderMarkdown('line one\nline two')).to.equal('<p>line one<br>line two</p>');
  });

  it('links bare http(s) URLs without the trailing punctuation', () => {
    expect(renderInline('Go to https://shop.example/orders/42.')).to.equal(
      'Go to <a href="https://shop.example/orders/42" rel="noopener noreferrer" target="_blank">https://shop.example/orders/42</a>.',
    );
  });

  it('lets no HTML through: tags, attributes and entities are text', () => {
    const hostile = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '**<b onclick="x()">b</b>**',
      '"><svg/onload=alert(1)>',
      '```\n</code></pre><script>x()</script>\n```',
      '`<iframe src=javascript:alert(1)>`',
      '- <a href="javascript:alert(1)">x</a>',
      '&lt;script&gt; &#106;avascript:alert(1)',
    ];
    for (const input of hostile) {
      const html = renderMarkdown(input);
      expect(
        tagsOf(html).every((t) => ALLOWED_TAGS.has(t)),
        html,
      ).to.equal(true);
      expect(html, input).not.to.match(/<(script|img|svg|iframe|b)\b/i);
      // The only attributes written are a link's href, rel and target.
      for (const tag of html.matchAll(/<[a-z]+([^>]*)>/g)) expect(tag[1]!.replace(/\s(href|rel|target)="[^"]*"/g, ''), html).to.equal('');
      expect(wellNested(html), html).to.equal(true);
    }
    expect(renderMarkdown('<script>alert(1)</script>')).to.equal('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('refuses every link scheme but http, https and mailto', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>x</script>',
      'vbscript:x',
      '//evil.example',
      '/relative',
    ]) {
      const html = renderMarkdown(`[click](${url})`);
      expect(html, url).not.to.include('<a');
      expect(safeHref(url)).to.equal(undefined);
    }
    // A quote in a URL cannot leave the attribute.
    const quoted = renderMarkdown('[x](https://e.example/"onmouseover="alert(1))');
    expect(quoted).not.to.match(/"\s*onmouseover=/);
  });

  it('nests emphasis properly, however the stars are mixed', () => {
    expect(renderInline('***both***')).to.equal('<em><strong>both</strong></em>');
    expect(renderInline('**bold *and italic* bold**')).to.equal('<strong>bold <em>and italic</em> bold</strong>');
    expect(renderInline('*it **bold** it*')).to.equal('<em>it <strong>bold</strong> it</em>');
    for (const input of [
      '**a _b** c_',
      '*a **b* c**',
      '_a *b_ c*',
      '***a** b*',
      '**a *b** c*',
      '`**`x**`',
      '* not a list*',
      '2 * 3 * 4',
      'snake_case_name',
    ]) {
      const html = renderInline(input);
      expect(wellNested(html), `${input} -> ${html}`).to.equal(true);
    }
    expect(renderInline('snake_case_name and 2 * 3 * 4')).to.equal('snake_case_name and 2 * 3 * 4');
  });

  it('drops NUL characters instead of reading them as placeholders', () => {
    expect(renderInline('a\u00000\u0000b `c`')).to.equal('a0b <code>c</code>');
  });
});
