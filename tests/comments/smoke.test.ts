import { describe, expect, it } from 'vitest'
import { get } from '../helpers/http'
import {
  approve,
  commentHtml,
  locationId,
  postForm,
  rowById,
  SEED_SLUG,
  validComment,
} from './helpers'

describe('smoke', () => {
  it('posts through the form, previews, approves', async () => {
    const comment = validComment()
    const res = await postForm(comment)
    expect(res.status, await res.clone().text()).toBe(303)
    const location = res.headers.get('Location')!
    expect(location).toMatch(/unapproved=/)
    const id = locationId(res)
    expect((await rowById(id))?.status).toBe('pending')
    const preview = await (await get(location.replace(/#.*/, ''))).text()
    expect(commentHtml(preview, id)).toContain('awaiting moderation')
    await approve(id)
    const page = await (await get(`/essays/${SEED_SLUG}`)).text()
    expect(commentHtml(page, id)).toContain(comment.body)
  })
})
