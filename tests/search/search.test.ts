import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { addComment } from '../admin/fixtures'
import { get, SEED_SLUG } from '../helpers/http'
import { ensureEssayIndex, reloadEssayIndex, wantedEssayHash } from '../../src/search/essay-index'
import { searchQuery } from '../../src/search/query'
import { searchIndex } from '../../src/search/store'
import { hitsOf, marked, search, word } from './helpers'

describe('GET /search', () => {
  it('finds the essay from the build, highlighted, with no step but the request', async () => {
    await env.DB.exec(`DELETE FROM search_state`)
    const { res, hits } = await search('leadership')
    expect(res.status).toBe(200)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(hits[0]).toContain(`href="/essays/${SEED_SLUG}"`)
    expect(marked(hits[0]!).map((w) => w.toLowerCase())).toContain('leadership')
    const state = await env.DB.prepare(
      `SELECT value FROM search_state WHERE key = 'essays'`,
    ).first()
    expect(state).toEqual({ value: wantedEssayHash() })
  })

  it('ranks a title match above a body match (bm25, title weighted)', async () => {
    const term = word('quokka')
    try {
      await reloadEssayIndex(env.DB, 'test-ranking', [
        { slug: 'body-match', title: 'Other', description: 'x', tags: '', body: `a ${term} b` },
        { slug: 'title-match', title: `The ${term}`, description: 'y', tags: '', body: 'none' },
      ])
      const found = await searchIndex(env.DB, searchQuery(term)!, 1)
      expect(found.hits.map((hit) => hit.slug)).toEqual(['title-match', 'body-match'])
    } finally {
      await ensureEssayIndex(env.DB)
    }
  })

  it('reloads the essay index in one batch when the stored hash differs, once', async () => {
    await env.DB.prepare(
      `UPDATE search_state SET value = 'an-older-build' WHERE key = 'essays'`,
    ).run()
    await env.DB.exec(`DELETE FROM search_essays`)
    expect((await search('leadership')).hits.length).toBeGreaterThan(0)
    const rows = await env.DB.prepare(`SELECT count(*) AS n FROM search_essays`).first()
    expect(rows).toEqual({ n: 1 })
    // The compare-and-set is part of the batch: a second reload for the same build changes nothing.
    expect(await reloadEssayIndex(env.DB, wantedEssayHash(), [])).toBe(false)
    expect(await env.DB.prepare(`SELECT count(*) AS n FROM search_essays_tri`).first()).toEqual({
      n: 1,
    })
    expect(await ensureEssayIndex(env.DB)).toBe(false)
  })

  it('paginates 10 a page with rel=next/prev', async () => {
    const term = word('pagin')
    for (let i = 0; i < 12; i++)
      await addComment({ status: 'approved', body: `comment ${i} about ${term}` })
    const first = await search(term)
    expect(first.hits).toHaveLength(10)
    expect(first.html).toContain('12 results')
    expect(first.html).toContain(`rel="next" href="/search?q=${term}&amp;page=2"`)
    const second = await search(term, '&page=2')
    expect(second.hits).toHaveLength(2)
    expect(second.html).toContain('rel="prev"')
    expect((await search(term, '&page=x')).res.status).toBe(400)
  })

  it('escapes snippets and turns only its own markers into <mark>', async () => {
    const term = word('escape')
    await addComment({
      status: 'approved',
      authorName: '<b>Mallory</b>',
      body: `<script>alert(1)</script> \uE000fake\uE001 <mark>not</mark> ${term} &amp;`,
    })
    const { html, hits } = await search(term)
    expect(hits).toHaveLength(1)
    expect(html).not.toContain('<script>alert')
    expect(hits[0]).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(hits[0]).toContain('&lt;mark&gt;not&lt;/mark&gt;')
    expect(hits[0]).toContain('&lt;b&gt;Mallory&lt;/b&gt;')
    expect(hits[0]).not.toContain('\uE000')
    expect(marked(hits[0]!)).toEqual([term])
    expect(hits[0]).toContain('&amp;amp;')
  })

  it('has a labelled GET search box in the header of every page', async () => {
    for (const path of ['/', `/essays/${SEED_SLUG}`, '/no-such-page', '/search?q=x']) {
      const res = await get(path)
      expect(res.status, path).toBeLessThan(500)
      const html = await res.text()
      expect(html).toContain(
        '<form class="site-search" role="search" method="get" action="/search">',
      )
      expect(html).toContain('<label for="site-search-q">Search</label>')
      expect(html).toContain('<input id="site-search-q" type="search" name="q"/>')
    }
  })
})

describe('queries that must not break', () => {
  it('gives a clear message for empty and punctuation-only queries', async () => {
    for (const q of ['', '   ', '"', '*', '-', '()', ':', '" * -']) {
      const { res, html } = await search(q)
      expect(res.status, q).toBe(200)
      expect(html).toMatch(/Type a word or two|nothing to search for/)
      expect(hitsOf(html)).toEqual([])
    }
  })

  it('refuses an over-long query with 400 and keeps it in the box', async () => {
    const q = 'ä'.repeat(201)
    const { res, html } = await search(q)
    expect(res.status).toBe(400)
    expect(res.headers.get('Cache-Control')).toBe('private, no-store')
    expect(html).toContain('Search must be at most 200 characters (it has 201).')
    expect(html).toContain(`value="${q}"`)
    expect((await search('ä'.repeat(200))).res.status).toBe(200)
  })

  it('treats FTS5 syntax as plain text', async () => {
    const term = word('syntax')
    await addComment({ status: 'approved', body: `the ${term} and NEAR stuff: col AND x` })
    for (const q of [
      `"${term}`,
      `${term}*`,
      `${term} AND`,
      `AND ${term}`,
      `NEAR(${term}`,
      `NEAR(${term} x)`,
      `-${term}`,
      `body:${term}`,
      `author_name:${term}`,
      `${term} OR zzz`,
      `^${term}`,
      `{${term}}`,
      `${term} NOT`,
    ]) {
      const { res, html } = await search(q)
      expect(res.status, q).toBe(200)
      expect(html, q).not.toContain('Something went wrong')
    }
    // Quoted as strings, AND/NEAR are words that must be present: this comment has them.
    expect((await search(`${term} AND NEAR`)).hits).toHaveLength(1)
    // "OR" is a word too, not an operator: nothing has "zzz".
    expect((await search(`${term} OR zzz`)).hits).toHaveLength(0)
  })

  it('answers lone surrogates and broken percent-encoding without a 500', async () => {
    for (const raw of ['%ED%A0%80', '%ED%A0%80abc', '%FF', '%', 'a%00b', '%EF%BF%BF']) {
      const res = await get(`/search?q=${raw}`)
      expect(res.status, raw).toBeLessThan(500)
      await res.text()
    }
  })
})
