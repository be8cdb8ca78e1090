import { describe, expect, it } from 'vitest'
import { commentHtmlToMarkdown } from '../../scripts/porting/html.ts'
import { commentInserts } from '../../scripts/porting/sql.ts'
import { planWordpress } from '../../scripts/porting/wordpress.ts'
import { readWxr } from '../../scripts/porting/wxr.ts'
import { RENDERER_VERSION, renderComment } from '../../src/lib/comment-markdown.ts'

/**
 * Imports keep the shape (issue 13): a comment shaped like WordPress's theme unit test export
 * (headings, lists, blockquote, <code>, <pre>) arrives as the comments' Markdown subset and is
 * stored with the HTML the site's renderer makes of it; scripts, iframes and handlers are gone.
 */

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname

async function themeTestComment() {
  const plan = planWordpress(await readWxr(fixture('wordpress-theme-test-comment.xml')), {
    contentDir: '/nonexistent-content-dir',
    hashIp: (ip) => `hash(${ip})`,
  })
  expect(plan.comments).toHaveLength(1)
  return { plan, row: plan.comments[0]! }
}

describe('the theme test export’s comment', () => {
  it('imports as Markdown with its headings (as bold lines), quote, lists and code', async () => {
    const { row } = await themeTestComment()
    const lines = row.body.split('\n')
    expect(lines).toContain('**Headings**')
    expect(lines).toContain('**Unordered list**')
    expect(row.body).toContain(
      '**strong**, *emphasis*, `inline code` and [a link](http://example.org/).',
    )
    expect(lines.some((line) => line.startsWith('> Quoted text:'))).toBe(true)
    expect(lines.filter((line) => /^\s*- {1,3}List item one$/.test(line))).toHaveLength(3)
    expect(lines).toContain('1.  List item one')
    expect(lines).toContain('3.  List item three')
    expect(row.body).toContain('```\n#header h1 a {\ndisplay: block;')
    expect(row.body).toContain('```\n.post-title { margin: 0 0 5px; }\n```')
  })

  it('is stored with the rendered HTML: those elements, and nothing executable', async () => {
    const { row } = await themeTestComment()
    const html = row.body_html!
    expect(html).toBe(renderComment(row.body))
    expect(row.body_html_version).toBe(RENDERER_VERSION)
    expect(html).toContain('<p><strong>Headings</strong></p>')
    expect(html).toContain('<blockquote>\n<p>Quoted text: this stylesheet')
    expect(html.match(/<ul>/g)).toHaveLength(3)
    expect(html).toContain('<ol>\n<li>List item one</li>')
    expect(html).toContain('<code>inline code</code>')
    expect(html).toContain(
      '<pre><code>#header h1 a {\ndisplay: block;\nwidth: 300px;\n}\n</code></pre>',
    )
    expect(html).toContain('<a href="http://example.org/" rel="nofollow ugc noopener">a link</a>')
    expect(html).not.toMatch(/<h[1-6]|<script|<iframe|<img|\son\w+=|javascript:|style=/i)
    expect(row.body).not.toMatch(/alert\('comment script'\)|evil\.example|javascript:/)
    // What is kept of the rest is text: the image's alt, the bad link's label, the span's words.
    expect(html).toContain('An image')
    expect(html).toContain('not a link')
    expect(html).toContain('styled')
  })

  it('writes body and body_html in the same INSERT', async () => {
    const { plan } = await themeTestComment()
    const [sql] = commentInserts(plan.comments)
    expect(sql).toMatch(/INSERT INTO comments \([^)]*\bbody\b[^)]*\bbody_html, body_html_version\)/)
    expect(sql).toContain("'<p><strong>Headings</strong></p>")
    expect(sql).toContain(`, ${RENDERER_VERSION})`)
  })
})

describe('commentHtmlToMarkdown', () => {
  it('keeps text that looks like Markdown as text, and drops what cannot be shown safely', () => {
    const md = commentHtmlToMarkdown(
      '<p onclick="x()">1. not a list, *not em*, # not a heading, [not](a link)</p><object data="x"><p>inside object</p></object><form><input name="a"></form>',
    )
    expect(renderComment(md)).toBe(
      '<p>1. not a list, *not em*, # not a heading, [not](a link)</p>\n',
    )
  })
  it('a link without an http(s) or mailto address keeps its words only', () => {
    expect(
      commentHtmlToMarkdown(
        '<a href="data:text/html,x">words</a> <a href="mailto:a@b.example">mail</a>',
      ),
    ).toBe('words [mail](mailto:a@b.example)')
  })
})
