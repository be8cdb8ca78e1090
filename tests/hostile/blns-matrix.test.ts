/**
 * The whole Big List of Naughty Strings (485 strings x name, website, body) through the comment
 * pipeline as plain functions: request decoding (JSON and form), the validator, D1 storage and the
 * page query, the essay page's comment list, the re-rendered form, the JSON shape and the comments
 * feed. Each string gets the assertions the HTTP tests make (blns-json/blns-form run a sample of
 * the list end to end, and check the routes refuse exactly what the validator refuses).
 */
import { env } from 'cloudflare:test'
import { jsx } from 'hono/jsx'
import { describe, expect, it } from 'vitest'
import { collectFields, parseUrlEncoded, utf8 } from '../../src/lib/decode'
import { commentsFeed } from '../../src/comments/feed'
import { CommentForm, EMPTY_VALUES } from '../../src/comments/form'
import { loadCommentsPage, THREADS_PER_PAGE } from '../../src/comments/store'
import { CommentsSection } from '../../src/comments/thread'
import { validateComment, type CommentInput } from '../../src/comments/validate'
import { findEssay } from '../../src/content/catalog'
import { fieldValue, uniq } from '../comments/helpers'
import { SEED_SLUG, SITE } from '../helpers/http'
import {
  asLf,
  BLNS,
  checkPublished,
  comment,
  expectNamesField,
  FIELDS,
  formMessage,
  labelOf,
  parseFeed,
  storedAs,
  type ApiComment,
  type Sent,
} from './blns'

const enc = new TextEncoder()
const FORM_TOKEN = 'a-form-token'

const html = async (node: ReturnType<typeof jsx>) => String(await node.toString())

/** What the form route decodes from the urlencoded body a browser sends. */
function formDecoded(sent: Sent) {
  const pairs = parseUrlEncoded(
    new URLSearchParams({ ...sent.fields, token: FORM_TOKEN }).toString(),
  )
  expect(pairs, labelOf(sent)).not.toBeNull()
  return collectFields(pairs!)
}

/** Refused: one error, on the field, naming it; the re-rendered form names it and keeps every value. */
async function checkRefused(sent: Sent, errors: Partial<Record<string, string>>) {
  const label = labelOf(sent)
  expect(Object.keys(errors), JSON.stringify(errors)).toEqual([sent.field])
  expectNamesField(sent, JSON.stringify(errors[sent.field]))
  const page = await html(
    jsx(CommentForm, {
      slug: SEED_SLUG,
      token: FORM_TOKEN,
      // What the route puts back in the form: the decoded fields, as sent.
      values: {
        ...EMPTY_VALUES,
        name: sent.fields.name,
        email: sent.fields.email,
        website: sent.fields.website ?? '',
        body: sent.fields.body,
      },
      errors,
      replyTarget: null,
    }),
  )
  expectNamesField(sent, formMessage(page, sent.field))
  // Nothing the reader typed is lost: the form comes back with the value as sent (line breaks as LF).
  expect(fieldValue(page, sent.field)?.replace(/\r\n?/g, '\n'), label).toBe(asLf(sent.value))
  for (const other of ['name', 'email', 'body'] as const)
    expect(fieldValue(page, other)?.replace(/\r\n?/g, '\n'), label).toBe(asLf(sent.fields[other]))
}

/** Stores accepted comments as approved rows on their own slug, many statements per D1 batch. */
async function storeApproved(slug: string, rows: Array<{ id: string; value: CommentInput }>) {
  const base = Date.now()
  for (let i = 0; i < rows.length; i += 100) {
    await env.DB.batch(
      rows.slice(i, i + 100).map(({ id, value }, j) =>
        env.DB.prepare(
          `INSERT INTO comments (id, essay_slug, depth, author_name, author_email, author_url, body, status, created_at, updated_at)
           VALUES (?1, ?2, 0, ?3, ?4, ?5, ?6, 'approved', ?7, ?7)`,
        ).bind(id, slug, value.name, value.email, value.website, value.body, base + i + j),
      ),
    )
  }
}

describe('BLNS through the comment pipeline, every string (function level)', () => {
  const essay = findEssay(SEED_SLUG)!

  for (const field of FIELDS) {
    it(`as ${field}: all ${BLNS.length} strings are stored byte-exact and shown exactly on the page, in the JSON and in the feed, or refused naming the field with the text kept`, async () => {
      const accepted = new Map<string, { sent: Sent; value: CommentInput }>()
      let refused = 0
      for (const value of BLNS) {
        const sent = comment(field, value)
        const label = labelOf(sent)
        // The JSON route: strict UTF-8, then JSON.parse, gives back exactly what was sent.
        const json = JSON.parse(utf8(enc.encode(JSON.stringify(sent.fields)))!) as Sent['fields']
        expect(json, label).toEqual(sent.fields)
        // The form route: the urlencoded body decodes to exactly what was sent, no field repeated.
        const form = formDecoded(sent)
        expect(form, label).toEqual({ fields: { ...sent.fields, token: FORM_TOKEN }, repeated: [] })

        const result = validateComment(json)
        // Both routes hand the validator the same fields, so they accept and refuse alike.
        expect(
          validateComment({
            name: form.fields.name,
            email: form.fields.email,
            website: form.fields.website,
            body: form.fields.body,
            parentId: form.fields.parent_id,
          }),
          label,
        ).toEqual(result)
        if (result.ok) {
          expect(result.value[field], label).toBe(storedAs(field, value))
          accepted.set(uniq('m'), { sent, value: result.value })
        } else {
          await checkRefused(sent, result.errors)
          refused++
        }
      }
      expect(accepted.size + refused).toBe(BLNS.length)

      // Stored, then read back by the page query, one page of threads at a time.
      const slug = uniq(`blns-matrix-${field}-`)
      await storeApproved(
        slug,
        [...accepted].map(([id, { value }]) => ({ id, value })),
      )
      const pages = Math.ceil(accepted.size / THREADS_PER_PAGE)
      const seen = new Set<string>()
      for (let page = 1; page <= pages; page++) {
        const data = await loadCommentsPage(env.DB, slug, { page })
        expect(data.pages).toBe(pages)
        const list = await html(jsx(CommentsSection, { slug, data, explicitPage: true }))
        // The API's JSON is these fields as JSON (blns-json checks the route's shape end to end).
        const api = new Map(
          (JSON.parse(JSON.stringify(data.comments)) as ApiComment[]).map((c) => [c.id, c]),
        )
        const feed = parseFeed(commentsFeed(SITE, essay, [...data.comments].reverse()))
        for (const { id } of data.comments) {
          const entry = accepted.get(id)
          expect(entry, `comment ${id} was not stored by this test`).toBeDefined()
          checkPublished(entry!.sent, id, list, api, feed)
          seen.add(id)
        }
      }
      expect(seen.size).toBe(accepted.size)
      console.log(
        `BLNS matrix ${field}: ${accepted.size} stored and shown exactly, ${refused} refused`,
      )
    })
  }
})
