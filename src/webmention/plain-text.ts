import { decodeEntities } from '../lib/html-entities'

/**
 * The one converter from a remote page's HTML (an h-entry's e-content) to a comment body: plain
 * text, paragraphs as blank lines, every link kept as its URL ("text (https://…)", or the bare URL
 * when the text is the URL). Nothing of the markup survives, so the comment renders like any other;
 * a later change to comment bodies (a Markdown subset) replaces this file alone.
 */

const BLOCKS = 'p, div, blockquote, li, h1, h2, h3, h4, h5, h6, pre, tr, section, article, ul, ol'
const SKIPPED = 'script, style, template, noscript, svg, head'

export async function htmlToPlainText(html: string, baseUrl: string): Promise<string> {
  const parts: string[] = []
  let skipping = 0
  const links: { href: string; start: number }[] = []
  const rewriter = new HTMLRewriter()
    .on(SKIPPED, {
      element(el) {
        skipping++
        el.onEndTag(() => {
          skipping--
        })
      },
    })
    .on(BLOCKS, {
      element(el) {
        parts.push('\n\n')
        el.onEndTag(() => {
          parts.push('\n\n')
        })
      },
    })
    .on('br', {
      element() {
        parts.push('\n')
      },
    })
    .on('a[href]', {
      element(el) {
        if (skipping) return
        const link = {
          href: absolute(decodeEntities(el.getAttribute('href') ?? ''), baseUrl),
          start: parts.length,
        }
        links.push(link)
        el.onEndTag(() => {
          if (!link.href) return
          const text = parts.slice(link.start).join('').trim()
          if (text !== link.href) parts.push(text ? ` (${link.href})` : link.href)
        })
      },
    })
    .onDocument({
      text(chunk) {
        if (!skipping && chunk.text) parts.push(decodeEntities(chunk.text))
      },
    })
  await rewriter.transform(new Response(html)).arrayBuffer()
  return tidy(parts.join(''))
}

/** Resolved against the page; only http(s) links are worth keeping as text. */
function absolute(href: string, base: string): string {
  try {
    const url = new URL(href.trim(), base)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : ''
  } catch {
    return ''
  }
}

/** Runs of spaces to one, at most one blank line between paragraphs, no blank ends. Linear. */
function tidy(text: string): string {
  const lines = text.split('\n').map((line) => line.replace(/[ \t\r\f\v\u00a0]+/g, ' ').trim())
  const out: string[] = []
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue
    out.push(line)
  }
  while (out.length && out[out.length - 1] === '') out.pop()
  return out.join('\n')
}
