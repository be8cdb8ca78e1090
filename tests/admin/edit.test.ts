import { describe, expect, it } from 'vitest'
import { get } from '../helpers/http'
import { addComment, api, auditFor, bearer, findRow } from './fixtures'

/**
 * The moderator's PATCH: read through the strict UTF-8 decode (like the readers' API), checked field
 * by field with the readers' own rules, and never with a made-up value for a field it did not send.
 */

const patchBytes = (id: string, bytes: Uint8Array) =>
  get(`/api/admin/comments/${id}`, {
    method: 'PATCH',
    headers: { ...bearer(), 'Content-Type': 'application/json' },
    body: bytes,
  })

describe('PATCH /api/admin/comments/:id', () => {
  it('refuses a body that is not valid UTF-8 with 400 naming the problem, and changes nothing', async () => {
    const c = await addComment({ status: 'approved', body: 'Before the edit.' })
    const json = new TextEncoder().encode('{"body":"caf\u00e9 X"}')
    // "café" with its é (C3 A9) cut to a lone C3 byte: lenient decoding would store U+FFFD.
    const bytes = new Uint8Array([...json.slice(0, 12), 0xc3, ...json.slice(14)])
    const res = await patchBytes(c.id, bytes)
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({
      error: 'The request body is not valid UTF-8 text, so nothing was changed.',
      fields: {},
    })
    expect(await findRow(c.id)).toMatchObject({ body: 'Before the edit.', updatedAt: c.updatedAt })
    expect(await auditFor(c.id)).toEqual([])
    // The same edit sent as valid UTF-8 goes through, é and all.
    const ok = await patchBytes(c.id, new TextEncoder().encode('{"body":"caf\u00e9 X"}'))
    expect(ok.status).toBe(200)
    expect((await findRow(c.id))!.body).toBe('caf\u00e9 X')
  })

  it('checks only the fields sent: an imported name the form would refuse does not block a body edit', async () => {
    const imported = 'N'.repeat(300)
    const c = await addComment({ authorName: imported, authorEmail: '' })
    const res = await api(`/comments/${c.id}`, { method: 'PATCH', body: { body: 'Edited.' } })
    expect(res.status).toBe(200)
    expect(await findRow(c.id)).toMatchObject({
      body: 'Edited.',
      authorName: imported,
      authorEmail: '',
    })
    expect(JSON.parse((await auditFor(c.id))[0]!.detail!)).toEqual({ fields: ['body'] })
  })

  it('names the field in { error, fields } when a sent field breaks the readers’ rule', async () => {
    const c = await addComment()
    const res = await api(`/comments/${c.id}`, {
      method: 'PATCH',
      body: { name: 'Ada', website: 'ftp://ada.example' },
    })
    expect(res.status).toBe(422)
    expect(await res.json()).toEqual({
      error: 'website: Website must be an http:// or https:// address.',
      fields: { website: 'Website must be an http:// or https:// address.' },
    })
    expect((await findRow(c.id))!.authorName).toBe(c.authorName)
    expect(await auditFor(c.id)).toEqual([])
  })
})
