/**
 * A Note's HTML as the plain-text comment body the thread renders today (src/comments/body.tsx):
 * paragraphs as blank lines, <br> as a newline, every http(s) link as its URL (Mastodon's mentions and
 * hashtags are links, so they become the profile and tag URLs), everything else as its text. Streaming
 * and linear through workerd's HTMLRewriter; no HTML survives. One file, so a later Markdown-subset
 * converter can replace it whole.
 */

import { decodeEntities } from '../lib/html-entities'

const BLOCKS = [
  'p',
  'div',
  'blockquote',
  'pre',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
]
const SKIPPED = ['script', 'style', 'template', 'head', 'title']

const isHttp = (href: string) => {
  try {
    const url = new URL(href)
    return url.protocol === 'https:' || url.protocol === 'http:'
  } catch {
    return false
  }
}

/** Raw text between tags: whitespace runs become one space (HTML's own rule outside <pre>). */
function collapse(text: string): string {
  let out = ''
  let space = false
  for (const ch of text) {
    if (ch === ' ' || ch === '\n' || ch === '\t' || ch === '\r' || ch === '\f') {
      space = true
      continue
    }
    if (space) out += ' '
    space = false
    out += ch
  }
  return space ? out + ' ' : out
}

/** Every tag dropped, in one pass (the fallback when the parser gives up). */
function stripTags(html: string): string {
  let out = ''
  let inTag = false
  for (const ch of html) {
    if (ch === '<') inTag = true
    else if (ch === '>') inTag = false
    else if (!inTag) out += ch
  }
  return out
}

/** Collapses spaces and trims every line, keeps at most one blank line in a row, trims the whole. */
function tidy(text: string): string {
  // Links are padded with spaces so they never run into the words around them; runs collapse here.
  const lines = text.split('\n').map((line) => line.split(' ').filter(Boolean).join(' '))
  const out: string[] = []
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue
    out.push(line)
  }
  while (out.length && out[out.length - 1] === '') out.pop()
  return out.join('\n')
}

export async function noteText(html: string, summary?: string | null): Promise<string> {
  const parts: string[] = []
  let linkDepth = 0
  let skipDepth = 0
  let preDepth = 0
  const rewriter = new HTMLRewriter()
    .on('a', {
      element(el) {
        const href = decodeEntities(el.getAttribute('href') ?? '')
        if (!isHttp(href)) return
        // The URL stands for the link; its visible text (Mastodon splits it into spans) is dropped.
        parts.push(` ${href} `)
        linkDepth++
        el.onEndTag(() => {
          linkDepth--
        })
      },
    })
    .on('br', {
      element() {
        parts.push('\n')
      },
    })
    .on(BLOCKS.join(', '), {
      element(el) {
        const tag = el.tagName
        parts.push(tag === 'li' ? '\n- ' : '\n\n')
        if (tag === 'pre') preDepth++
        el.onEndTag(() => {
          if (tag === 'pre') preDepth--
          parts.push(tag === 'li' ? '\n' : '\n\n')
        })
      },
    })
    .on(SKIPPED.join(', '), {
      element(el) {
        skipDepth++
        el.onEndTag(() => {
          skipDepth--
        })
      },
    })
    .onDocument({
      text(chunk) {
        if (linkDepth > 0 || skipDepth > 0 || chunk.text === '') return
        parts.push(preDepth > 0 ? chunk.text : collapse(chunk.text))
      },
    })
  try {
    await rewriter.transform(new Response(html)).arrayBuffer()
  } catch {
    // lol-html refuses pathological nesting (its memory limit): keep the bare text instead.
    parts.length = 0
    parts.push(collapse(stripTags(html)))
  }
  // Text chunks are still HTML-encoded (an entity may straddle two chunks), so decode the joined text once.
  const body = tidy(decodeEntities(parts.join('')))
  const warning = summary ? tidy(summary.replace(/\s+/g, ' ')) : ''
  return warning ? `CW: ${warning}\n\n${body}` : body
}
