import { env } from 'cloudflare:test'
import { describe, expect, it, vi } from 'vitest'
import type { Env } from '../../src/env'
import { planWebmentions } from '../../src/webmention/outbound'
import { fakeCatalog, fakeEssays } from '../essays/fake-catalog'

/**
 * Sending after a deploy: the cron task compares the catalogue's outbound links with what D1
 * recorded as sent, and queues sends for new and changed essays, removed links and gone essays.
 * The queue here is a stub that records what was queued.
 */

let run = 0
function setup(send = 'true') {
  const sent: unknown[] = []
  const queue = {
    send: vi.fn(async (body: unknown) => void sent.push(body)),
    sendBatch: vi.fn(
      async (messages: { body: unknown }[]) => void sent.push(...messages.map((m) => m.body)),
    ),
  }
  const testEnv = { ...env, WEBMENTION_SEND: send, WEBMENTION_QUEUE: queue } as unknown as Env
  return { testEnv, sent }
}

function essays(tag: string, links: string[][]) {
  return fakeEssays(links.length).map((essay, i) => ({
    ...essay,
    slug: `${tag}-${i}`,
    html: `<p>Essay ${i}: ${links[i]!.map((href) => `<a href="${href}">x</a>`).join(' ')} <a href="/essays/other">self</a> <a href="https://blog.test/tags">self too</a></p>`,
  }))
}

const rows = (slugPrefix: string) =>
  env.DB.prepare(
    `SELECT essay_slug, target, removed, status FROM webmentions_sent WHERE essay_slug LIKE ? ORDER BY essay_slug, target`,
  )
    .bind(`${slugPrefix}-%`)
    .all()
    .then((r) => r.results)

describe('planWebmentions', () => {
  it('is off unless WEBMENTION_SEND is "true"', async () => {
    const { testEnv, sent } = setup('false')
    const tag = `off${++run}`
    expect(
      await planWebmentions(
        testEnv,
        Date.now(),
        fakeCatalog(essays(tag, [['https://a.example/x']])),
      ),
    ).toBe(0)
    expect(sent).toEqual([])
    expect(await rows(tag)).toEqual([])
  })

  it('queues new links, nothing when unchanged, re-sends changed and removed links and gone essays', async () => {
    const tag = `plan${++run}`
    const { testEnv, sent } = setup()
    const a = 'https://a.example/post'
    const b = 'https://b.example/page?x=1&y=2'
    const first = essays(tag, [[a, b], [a]])
    await planWebmentions(testEnv, 1, fakeCatalog(first))
    const mine = (list: unknown[]) =>
      list.filter((m) => (m as { slug: string }).slug.startsWith(`${tag}-`))
    expect(mine(sent)).toEqual(
      expect.arrayContaining([
        { type: 'send', slug: `${tag}-0`, target: a },
        { type: 'send', slug: `${tag}-0`, target: b },
        { type: 'send', slug: `${tag}-1`, target: a },
      ]),
    )
    expect(mine(sent)).toHaveLength(3)
    // Our own links never get a Webmention.
    expect((await rows(tag)).map((r) => (r as { target: string }).target)).not.toContain(
      'https://blog.test/tags',
    )

    // Same catalogue again: nothing queued.
    sent.length = 0
    expect(await planWebmentions(testEnv, 2, fakeCatalog(first))).toBe(0)

    // Essay 0 drops b and is changed; essay 1 is deleted.
    sent.length = 0
    const second = essays(tag, [[a]]).map((e) => ({ ...e, html: `${e.html}<p>edited</p>` }))
    await planWebmentions(testEnv, 3, fakeCatalog(second))
    expect(mine(sent)).toEqual(
      expect.arrayContaining([
        { type: 'send', slug: `${tag}-0`, target: a },
        { type: 'send', slug: `${tag}-0`, target: b },
        { type: 'send', slug: `${tag}-1`, target: a },
      ]),
    )
    expect(mine(sent)).toHaveLength(3)
    expect(await rows(tag)).toEqual([
      { essay_slug: `${tag}-0`, target: a, removed: 0, status: 'queued' },
      { essay_slug: `${tag}-0`, target: b, removed: 1, status: 'queued' },
      { essay_slug: `${tag}-1`, target: a, removed: 1, status: 'queued' },
    ])
  })
})
