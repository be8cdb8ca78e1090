import { describe, expect, it } from 'vitest'
import { noteText } from '../../src/fediverse/note-text'

describe('a Note as the comment body', () => {
  it('keeps paragraphs as blank lines, <br> as newlines, links as URLs, no HTML', async () => {
    expect(
      await noteText(
        '<p>One &lt;b&gt; two<br/>three</p><p><a href="https://x.example/p?a=1&amp;b=2"><span class="invisible">https://</span>x.example/p</a></p>',
      ),
    ).toBe('One <b> two\nthree\n\nhttps://x.example/p?a=1&b=2')
  })

  it('drops scripts and styles, keeps the text of a javascript: link, decodes entities once', async () => {
    const text = await noteText(
      '<script>alert(1)</script><style>p{}</style><p><a href="javascript:alert(1)">click</a> &amp;lt; &#x1F600; &#128512;</p>',
    )
    expect(text).toBe('click &lt; 😀 😀')
    expect(text).not.toContain('alert')
  })

  it('puts the content warning first', async () => {
    expect(await noteText('<p>body</p>', 'CW  text')).toBe('CW: CW text\n\nbody')
  })

  it('is linear on hostile input (64,000 nested tags and spaces)', async () => {
    const html = '<p>' + '<span>'.repeat(64_000) + ' '.repeat(64_000) + 'x</p>'
    expect(await noteText(html)).toBe('x')
  })
})
