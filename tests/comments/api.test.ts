import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { MAX_BODY_BYTES } from '../../src/comments/routes'
import { get } from '../helpers/http'
import {
  approve,
  ipFor,
  postJson,
  rowById,
  rowsByEmail,
  SEED_SLUG,
  uniq,
  validComment,
} from './helpers'

describe('POST /api/essays/:slug/comments', () => {
  it('202 for a held comment, with its id; stored pending', async () => {
    const comment = validComment()
    const res = await postJson(comment)
    expect(res.status).toBe(202)
    expect(res.headers.get('Cache-Control')).toBe('no-store')
    const data = (await res.json()) as { id: string; status: string }
    expect(data).toEqual({
      id: expect.any(String),
      status: 'pending',
      message: 'Your comment is awaiting moderation.',
      // Issue 13: the signed, comment-bound edit link.
      editUrl: expect.stringMatching(
        /^https:\/\/blog\.test\/essays\/[^/]+\/comments\/[^/]+\/edit\?token=/,
      ),
    })
    expect((await rowById(data.id))?.status).toBe('pending')
  })

  it('422 with { error, fields } naming every bad field, at each edge and one past', async () => {
    const cases: [Record<string, unknown>, string | null][] = [
      [{ name: 'n'.repeat(245) }, null],
      [{ name: 'n'.repeat(246) }, 'name'],
      [{ email: `${'e'.repeat(88)}@example.com` }, null],
      [{ email: `${'e'.repeat(89)}@example.com` }, 'email'],
      [{ website: `https://example.com/${'w'.repeat(180)}` }, null],
      [{ website: `https://example.com/${'w'.repeat(181)}` }, 'website'],
      [{ body: '€'.repeat(21_841) + 'bb' }, null],
      [{ body: '€'.repeat(21_841) + 'bbb' }, 'body'],
    ]
    for (const [override, field] of cases) {
      const tag = uniq()
      const res = await postJson({ ...validComment(tag), ...override })
      if (field === null) expect(res.status, JSON.stringify(override).slice(0, 60)).toBe(202)
      else {
        expect(res.status).toBe(422)
        const data = (await res.json()) as { error: string; fields: Record<string, string> }
        expect(data.error).toBe('The comment was not accepted.')
        expect(Object.keys(data.fields)).toEqual([field])
      }
    }
  })

  it('arrays or objects where text is expected name the field (422); never a 500', async () => {
    for (const [field, value] of [
      ['name', ['a']],
      ['email', { a: 1 }],
      ['body', ['x', 'y']],
      ['website', 5],
      ['parentId', {}],
    ] as const) {
      const res = await postJson({ ...validComment(), [field]: value })
      expect(res.status).toBe(422)
      const data = (await res.json()) as { fields: Record<string, string> }
      expect(data.fields[field]).toMatch(/must be text/)
    }
  })

  it('400 for malformed JSON and for a body that is not an object', async () => {
    for (const body of ['{"name":', 'nope', '']) {
      const res = await postJson(body)
      expect(res.status).toBe(400)
      expect(await res.json()).toEqual({ error: 'The request body is not valid JSON.', fields: {} })
    }
    for (const body of ['[]', '"text"', 'null', '42']) {
      const res = await postJson(body)
      expect(res.status).toBe(400)
      expect(((await res.json()) as { error: string }).error).toBe(
        'The request body must be a JSON object.',
      )
    }
  })

  it('415 for anything but application/json (case-insensitive, charset allowed): a cross-site form cannot post here', async () => {
    const comment = validComment()
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
      '',
    ]) {
      const res = await get(`/api/essays/${SEED_SLUG}/comments`, {
        method: 'POST',
        body: JSON.stringify(comment),
        headers: type ? { 'Content-Type': type } : {},
      })
      expect(res.status, type).toBe(415)
      expect(((await res.json()) as { error: string }).error).toMatch(/application\/json/)
    }
    const ok = await postJson(comment, {
      headers: { 'Content-Type': 'Application/JSON; charset=UTF-8' },
    })
    expect(ok.status).toBe(202)
    expect(await rowsByEmail(comment.email)).toHaveLength(1)
  })

  it('413 over 256 KiB, chunked without Content-Length too', async () => {
    const big = JSON.stringify({ ...validComment(), body: 'x'.repeat(MAX_BODY_BYTES) })
    const sized = await postJson(big)
    expect(sized.status).toBe(413)
    expect(await sized.json()).toEqual({
      error: 'The request body is larger than 256 KB.',
      fields: {},
    })
    const bytes = new TextEncoder().encode(big)
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192))
        controller.close()
      },
    })
    const chunked = await get(`/api/essays/${SEED_SLUG}/comments`, {
      method: 'POST',
      body: stream,
      headers: { 'Content-Type': 'application/json' },
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
  })

  it('404 JSON for an unknown essay', async () => {
    const res = await postJson(validComment(), { slug: 'no-such-essay' })
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: 'There is no essay at this address.', fields: {} })
    const list = await get('/api/essays/no-such-essay/comments')
    expect(list.status).toBe(404)
  })

  it('503 and nothing stored when SECRET_KEY is missing (IPs are never stored raw)', async () => {
    const worker = (await import('../../src/index')).default
    const { createExecutionContext } = await import('cloudflare:test')
    const comment = validComment()
    const res = await worker.fetch(
      new Request(`https://blog.test/api/essays/${SEED_SLUG}/comments`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ipFor() },
        body: JSON.stringify(comment),
      }),
      { ...env, SECRET_KEY: undefined },
      createExecutionContext(),
    )
    expect(res.status).toBe(503)
    expect(await rowsByEmail(comment.email)).toHaveLength(0)
  })
})

describe('GET /api/essays/:slug/comments', () => {
  it('lists approved comments threaded, with public fields only', async () => {
    const tag = uniq()
    const top = (await (
      await postJson({ ...validComment(tag), website: 'https://example.net/' })
    ).json()) as { id: string }
    await approve(top.id)
    const reply = (await (await postJson({ ...validComment(), parentId: top.id })).json()) as {
      id: string
    }
    await approve(reply.id)
    const held = (await (await postJson({ ...validComment(), parentId: top.id })).json()) as {
      id: string
    }

    const res = await get(`/api/essays/${SEED_SLUG}/comments?page=${await lastPage()}`)
    expect(res.status).toBe(200)
    const data = (await res.json()) as { comments: Record<string, unknown>[] }
    const found = data.comments.find((comment) => comment.id === top.id)!
    expect(found).toEqual({
      id: top.id,
      parentId: null,
      authorName: `Reader ${tag}`,
      authorUrl: 'https://example.net/',
      body: `A thoughtful comment ${tag}.`,
      // Issue 13: the rendered HTML and the author/pinned/edited/deleted facts.
      html: `<p>A thoughtful comment ${tag}.</p>\n`,
      isAuthor: false,
      pinned: false,
      editedAt: null,
      deleted: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      replies: [expect.objectContaining({ id: reply.id, parentId: top.id, replies: [] })],
    })
    expect(Object.keys(found).sort()).toEqual([
      'authorName',
      'authorUrl',
      'body',
      'createdAt',
      'deleted',
      'editedAt',
      'html',
      'id',
      'isAuthor',
      'parentId',
      'pinned',
      'replies',
    ])
    expect(JSON.stringify(data)).not.toContain(held.id)
    expect(JSON.stringify(data)).not.toMatch(/@example\.com|ipHash|ip_hash|userAgent|spamSignals/)
  })

  it('400 for a malformed page, 404 past the last page', async () => {
    expect((await get(`/api/essays/${SEED_SLUG}/comments?page=0`)).status).toBe(400)
    expect((await get(`/api/essays/${SEED_SLUG}/comments?page=abc`)).status).toBe(400)
    expect((await get(`/api/essays/${SEED_SLUG}/comments?page=99999`)).status).toBe(404)
  })
})

async function lastPage(): Promise<number> {
  const data = (await (await get(`/api/essays/${SEED_SLUG}/comments`)).json()) as { pages: number }
  return Math.max(1, data.pages)
}
