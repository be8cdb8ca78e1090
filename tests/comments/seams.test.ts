/**
 * How comments reach the rest of the app: through src/events.ts, never by importing the admin or
 * the essay page cache. A held comment is announced as 'comment.held' (the app wires the admin's
 * notifier to it); a published one as 'essays.changed' (the app wires the essay page refresh).
 */
import { describe, expect, it } from 'vitest'
import { on, type AppEvents } from '../../src/events'
import { fetchWithEnv, jsonRequest, SEED_SLUG, uniq, validComment } from './helpers'

const held: AppEvents['comment.held'][] = []
const changed: AppEvents['essays.changed'][] = []
on('comment.held', (_c, payload) => {
  held.push(payload)
})
on('essays.changed', (_c, payload) => {
  changed.push(payload)
})

describe('comments announce what happened (src/events.ts)', () => {
  it("a held comment is announced once as 'comment.held', with what moderators are told", async () => {
    const before = changed.length
    const comment = validComment(uniq('held'))
    const res = await fetchWithEnv({ MODERATION_POLICY: 'hold-all' }, jsonRequest(comment))
    expect(res.status).toBe(202)
    const { id } = (await res.json()) as { id: string }
    expect(held.filter((event) => event.id === id)).toEqual([
      {
        id,
        essaySlug: SEED_SLUG,
        authorName: comment.name,
        body: comment.body,
        status: 'pending',
      },
    ])
    // Nothing readers see changed.
    expect(changed.length).toBe(before)
  })

  it("a published comment announces 'essays.changed' for its essay, and is not announced as held", async () => {
    const before = changed.length
    const comment = validComment(uniq('open'))
    const res = await fetchWithEnv({ MODERATION_POLICY: 'open' }, jsonRequest(comment))
    expect(res.status).toBe(201)
    const { id } = (await res.json()) as { id: string }
    expect(changed.slice(before)).toEqual([{ slugs: [SEED_SLUG] }])
    expect(held.some((event) => event.id === id)).toBe(false)
  })
})
