/**
 * The comment renderer's subset (src/lib/comment-markdown.ts): what becomes markup, what stays text,
 * and which links survive. The hostile suites (tests/hostile/markdown-*.test.ts) add BLNS, the XSS
 * lists and the pathological inputs.
 */
import { describe, expect, it } from 'vitest'
import {
  currentHtml,
  LINK_REL,
  MAX_QUOTE_DEPTH,
  renderComment,
  RENDERER_VERSION,
} from '../../src/lib/comment-markdown'

const r = renderComment
const link = (href: string, text = href) => `<a href="${href}" rel="${LINK_REL}">${text}</a>`

describe('the subset', () => {
  it('paragraphs at blank lines, <br /> at single newlines', () => {
    expect(r('one\ntwo\n\nthree')).toBe('<p>one<br />\ntwo</p>\n<p>three</p>\n')
  })

  it('emphasis and strong', () => {
    expect(r('*a* _b_ **c** __d__')).toBe(
      '<p><em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong></p>\n',
    )
  })

  it('inline code and fenced code blocks, escaped', () => {
    expect(r('`<b>` x')).toBe('<p><code>&lt;b&gt;</code> x</p>\n')
    expect(r('```js\nif (a < b) "x"\n```')).toBe(
      '<pre><code class="language-js">if (a &lt; b) &quot;x&quot;\n</code></pre>\n',
    )
    // An unclosed fence runs to the end: the text is kept, as code.
    expect(r('```\nnever closed')).toBe('<pre><code>never closed</code></pre>\n')
  })

  it('blockquotes, nested up to three levels; deeper text is kept at the third', () => {
    expect(MAX_QUOTE_DEPTH).toBe(3)
    const html = r('> one\n>> two\n>>> three\n>>>> four\n>>>>> five')
    expect(html.match(/<blockquote>/g)).toHaveLength(3)
    expect(html.match(/<\/blockquote>/g)).toHaveLength(3)
    for (const word of ['one', 'two', 'three', 'four', 'five']) expect(html).toContain(word)
  })

  it('ordered and unordered lists', () => {
    expect(r('- a\n- b')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n')
    expect(r('1. a\n2. b')).toBe('<ol>\n<li>a</li>\n<li>b</li>\n</ol>\n')
    expect(r('3. c')).toBe('<ol start="3">\n<li>c</li>\n</ol>\n')
  })

  it('links and autolinked URLs carry rel="nofollow ugc noopener"', () => {
    expect(r('[the essay](https://example.com/a)')).toBe(
      `<p>${link('https://example.com/a', 'the essay')}</p>\n`,
    )
    expect(r('see https://example.com/x. Then')).toBe(
      `<p>see ${link('https://example.com/x')}. Then</p>\n`,
    )
    expect(r('<https://example.com/y>')).toBe(`<p>${link('https://example.com/y')}</p>\n`)
    expect(r('[mail](mailto:me@example.com)')).toBe(
      `<p>${link('mailto:me@example.com', 'mail')}</p>\n`,
    )
  })

  it('no raw HTML, no images, no headings, no tables, no rules, no indented code: text', () => {
    expect(r('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n')
    expect(r('<b onclick="x()">b</b>')).toBe(
      '<p>&lt;b onclick=&quot;x()&quot;&gt;b&lt;/b&gt;</p>\n',
    )
    expect(r('# Title')).toBe('<p># Title</p>\n')
    expect(r('Title\n===')).toBe('<p>Title<br />\n===</p>\n')
    expect(r('***')).toBe('<p>***</p>\n')
    expect(r('    indented')).toBe('<p>indented</p>\n')
    expect(r('| a |\n|---|\n| 1 |')).not.toContain('<table')
    expect(r('~~s~~')).toBe('<p>~~s~~</p>\n')
    const image = r('![alt](https://example.com/i.png)')
    expect(image).not.toContain('<img')
    expect(image).toBe(`<p>!${link('https://example.com/i.png', 'alt')}</p>\n`)
  })

  it('links other than http(s) and mailto stay text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'data:image/png;base64,AAAA',
      'vbscript:msgbox(1)',
      'java\tscript:alert(1)',
      'java&#x09;script:alert(1)',
      '/relative',
      '#anchor',
      'file:///etc/passwd',
      '//evil.example/x',
    ]) {
      const html = r(`[x](${href}) <${href}>`)
      expect(html, href).not.toContain('<a ')
      expect(html, href).not.toMatch(/href/i)
    }
    // Control characters inside a destination: percent-encoded, then refused (no http(s) start).
    expect(r('[x](java\u0001script:alert(1))')).not.toContain('<a ')
  })

  it('an empty destination is no link: its text stays', () => {
    expect(r('[text]() and [](https://example.com)')).toBe(
      `<p>text and ${link('https://example.com', '')}</p>\n`,
    )
  })

  it('a source nested deeper than the parser keeps is shown as plain text, nothing lost', () => {
    const html = r(`${'> '.repeat(40)}deepest`)
    expect(html).not.toContain('<blockquote>')
    expect(html).toBe(`<p>${'&gt; '.repeat(40)}deepest</p>\n`)
  })

  it('an http link with control characters or spaces is percent-encoded, never raw', () => {
    const html = r('[x](<https://example.com/a b\u0007c>)')
    expect(html).toContain('href="https://example.com/a%20b%07c"')
  })
})

describe('stored HTML', () => {
  it('is used as is when it is the current version; anything else renders afresh', () => {
    expect(RENDERER_VERSION).toBeGreaterThanOrEqual(1)
    const body = '*new*'
    expect(
      currentHtml({ body, bodyHtml: '<p>stored</p>', bodyHtmlVersion: RENDERER_VERSION }),
    ).toBe('<p>stored</p>')
    expect(currentHtml({ body, bodyHtml: null, bodyHtmlVersion: null })).toBe(r(body))
    expect(currentHtml({ body, bodyHtml: '<p>old</p>', bodyHtmlVersion: 0 })).toBe(r(body))
  })
})
