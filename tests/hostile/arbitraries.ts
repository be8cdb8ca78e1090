/** Strings built to break escaping: markup, entities, quotes, controls, lone surrogates, every plane. */
import fc from 'fast-check'

export const RUNS = 1_000

const NASTY = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '`',
  '=',
  '/',
  '\\',
  ';',
  '#',
  '%',
  '?',
  ' ',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\u0001',
  '\u0008',
  '\u000b',
  '\u000c',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\u2029',
  '\u200b',
  '\u200d',
  '\u202e',
  '\ufeff',
  '\ufffe',
  '\uffff',
  '\ud800',
  '\udc00',
  '\udbff\udfff',
  '😀',
  '👨‍👩‍👧‍👦',
  '🇫🇷',
  'é',
  'e\u0301',
  '\u0600',
  'ا',
  'שלום',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '</script>',
  '</SCRIPT >',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "' onmouseover='x",
  '&amp;',
  '&lt;',
  '&#60;',
  '&#x3c;',
  '&#0;',
  '&bogus;',
  '&',
  'javascript:alert(1)',
  '<?xml',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
]

/** One "character" of hostile text: a nasty snippet, any UTF-16 code unit, or any grapheme. */
export const hostileUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
)

export const hostileString = (maxLength = 40) => fc.string({ unit: hostileUnit, maxLength })

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** No lone surrogates (String#isWellFormed, which the project's ES2022 lib does not type). */
export const isWellFormed = (s: string) => !LONE_SURROGATE.test(s)

/** Well-formed Unicode only (no lone surrogates): what a browser or JSON.parse can actually send. */
export const wellFormedString = (maxLength = 40) => hostileString(maxLength).filter(isWellFormed)
