/** Property tests for the feed/sitemap escaping layer (src/lib/xml.ts), parsed by a strict XML parser. */
import fc from 'fast-check'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { escapeXml, xml } from '../../src/lib/xml'
import { hostileString, isWellFormed, RUNS } from './arbitraries'

const XML_CHAR = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u

/** Parses a whole document strictly; returns the text of the root and its `v` attribute. */
function parse(doc: string): { text: string; attr: string | undefined } {
  const parser = new SaxesParser()
  let text = ''
  let attr: string | undefined
  parser.on('error', (e) => {
    throw e
  })
  parser.on('text', (t) => (text += t))
  parser.on('opentag', (tag) => {
    if (tag.name === 'r') attr = tag.attributes.v as string
  })
  parser.write(doc).close()
  return { text, attr }
}

/** What an XML parser gives back for text that XML can carry: CR and CRLF become LF (XML 1.0 §2.11). */
const asParsedText = (s: string) => s.replace(/\r\n?/g, '\n')
/** Attribute values are also whitespace-normalised: tab, LF and CR each become a space (§3.3.3). */
const asParsedAttr = (s: string) => asParsedText(s).replace(/[\t\n]/g, ' ')
/** The characters XML cannot carry at all, which escapeXml drops (lone surrogates included). */
const carriable = (s: string) =>
  s.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')

describe('escapeXml / xml``: any string becomes inert XML text', () => {
  it('never leaves <, >, a quote, a bare & or a character XML cannot carry', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const out = escapeXml(s)
        expect(out).not.toMatch(/[<>"']/)
        expect(out.replace(/&(?:amp|lt|gt|quot|apos);/g, '')).not.toContain('&')
        expect(out).toMatch(XML_CHAR)
        expect(isWellFormed(out)).toBe(true)
      }),
      { numRuns: RUNS },
    )
  })

  it('parses as text and as an attribute value, round-tripping everything XML can carry', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const doc =
          xml`<?xml version="1.0" encoding="utf-8"?><r v="${s}">${s}<c>${[s, xml`<d>${s}</d>`]}</c></r>`.toString()
        const { text, attr } = parse(doc)
        const expected = asParsedText(carriable(s))
        expect(text).toBe(expected + expected + expected)
        expect(attr).toBe(asParsedAttr(carriable(s)))
      }),
      { numRuns: RUNS },
    )
  })

  it('keeps the markup of a nested fragment and escapes everything interpolated into it', () => {
    fc.assert(
      fc.property(hostileString(), fc.integer(), (s, n) => {
        const inner = xml`<i n="${n}">${s}</i>`
        const doc = xml`<r v="x">${inner}${inner}</r>`.toString()
        expect(doc.match(/<i /g)).toHaveLength(2)
        expect(parse(doc).text).toBe(asParsedText(carriable(s)).repeat(2))
      }),
      { numRuns: RUNS },
    )
  })
})
