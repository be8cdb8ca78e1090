import { env } from 'cloudflare:test'
import { beforeAll, describe, expect, it } from 'vitest'
import { on } from '../../src/events'
import { oneClickLinks } from '../../src/admin/notify'
import { SITE } from '../helpers/http'
import { addComment, bearer, fetchWith } from './fixtures'

/**
 * Moderation writes tell the rest of the app which essays changed through the events seam (the
 * essay pages purge on 'essays.changed', wired in src/index.ts), and wait for it before answering,
 * so a moderator who opens the page next sees the change. The admin never imports the page cache.
 */

const announced: string[][] = []
beforeAll(() => {
  on('essays.changed', (_c, { slugs }) => {
    announced.push(slugs)
  })
})

/** Whether these essays were announced during `act` (other tests' writes may be announced too). */
async function announcedDuring(act: () => Promise<Response>, slug: string) {
  const from = announced.length
  const res = await act()
  return { res, seen: announced.slice(from).some((slugs) => slugs.includes(slug)) }
}

const slugOf = (tag: string) => `events-${tag}-${crypto.randomUUID().slice(0, 8)}`

const apiCall = (path: string, method: string, body?: unknown) =>
  fetchWith({}, `/api/admin${path}`, {
    method,
    headers: { ...bearer(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

describe("moderation announces 'essays.changed' before answering", () => {
  it('for API actions, bulk, edits, deletes and erasures, naming the essay', async () => {
    for (const [tag, act] of [
      ['approve', async (id: string) => apiCall(`/comments/${id}/approve`, 'POST')],
      [
        'bulk',
        async (id: string) => apiCall('/comments/bulk', 'POST', { ids: [id], action: 'spam' }),
      ],
      ['edit', async (id: string) => apiCall(`/comments/${id}`, 'PATCH', { body: 'Edited.' })],
    ] as const) {
      const slug = slugOf(tag)
      const c = await addComment({ essaySlug: slug })
      const { res, seen } = await announcedDuring(() => act(c.id), slug)
      expect(res.status, tag).toBe(200)
      expect(seen, tag).toBe(true)
    }

    const trashed = slugOf('delete')
    const t = await addComment({ essaySlug: trashed, status: 'trash' })
    const deleted = await announcedDuring(() => apiCall(`/comments/${t.id}`, 'DELETE'), trashed)
    expect(deleted.res.status).toBe(200)
    expect(deleted.seen).toBe(true)

    const erased = slugOf('erase')
    const email = `${erased}@example.com`
    await addComment({ essaySlug: erased, authorEmail: email })
    const erase = await announcedDuring(() => apiCall('/erase', 'POST', { email }), erased)
    expect(erase.res.status).toBe(200)
    expect(erase.seen).toBe(true)
  })

  it('for dashboard forms and one-click links', async () => {
    const slug = slugOf('form')
    const c = await addComment({ essaySlug: slug })
    // A bearer token needs no CSRF token (it is no ambient credential), so a script can use the forms too.
    const form = await announcedDuring(
      () =>
        fetchWith({}, `/admin/comments/${c.id}/approve`, {
          method: 'POST',
          headers: {
            ...bearer(),
            Origin: SITE,
            'Content-Type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ back: '/admin' }),
        }),
      slug,
    )
    expect(form.res.status).toBe(303)
    expect(form.seen).toBe(true)

    const linked = slugOf('link')
    const d = await addComment({ essaySlug: linked })
    const links = await oneClickLinks(env, env.SECRET_KEY!, d.id)
    const click = await announcedDuring(
      () =>
        fetchWith({}, links.approve.slice(SITE.length), {
          method: 'POST',
          headers: { Origin: SITE },
        }),
      linked,
    )
    expect(click.res.status).toBe(200)
    expect(click.seen).toBe(true)
  })

  it('announces nothing when nothing changed', async () => {
    const slug = slugOf('unchanged')
    const c = await addComment({ essaySlug: slug, status: 'approved' })
    const { res, seen } = await announcedDuring(
      () => apiCall(`/comments/${c.id}/approve`, 'POST'),
      slug,
    )
    expect(res.status).toBe(200)
    expect(seen).toBe(false)
  })
})
