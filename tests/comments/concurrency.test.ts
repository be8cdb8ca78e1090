import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { emailFor, ipFor, mintFormToken, postForm, postJson, uniq } from './helpers'

async function countByPrefix(prefix: string): Promise<number> {
  const row = await env.DB.prepare('SELECT count(*) AS n FROM comments WHERE author_email LIKE ?')
    .bind(`${prefix}%`)
    .first<{ n: number }>()
  return row!.n
}

describe('concurrency: every 2xx is a stored row, and no stored row lacks a 2xx', () => {
  it('240 submissions at once (form and JSON, distinct IPs and emails)', async () => {
    const prefix = uniq('conc')
    const sends = Array.from({ length: 240 }, async (_, i) => {
      const tag = `${prefix}-${i}`
      const comment = {
        name: `Reader ${i}`,
        email: emailFor(tag),
        body: `Concurrent comment ${tag}`,
      }
      if (i % 2 === 0) return postJson(comment, { ip: ipFor() })
      return postForm({ ...comment, token: await mintFormToken() }, { ip: ipFor() })
    })
    const answers = await Promise.all(sends)
    const statuses = answers.map((res) => res.status)
    await Promise.all(answers.map((res) => res.arrayBuffer()))
    const success = statuses.filter((status) => status >= 200 && status < 400).length
    expect(
      statuses.every((status) => [202, 303, 429, 503].includes(status)),
      JSON.stringify(statuses),
    ).toBe(true)
    expect(await countByPrefix(prefix)).toBe(success)
    expect(success).toBeGreaterThan(200)
  }, 120_000)

  it('30 at once from one IP: the flood rule holds across requests, exactly one is stored', async () => {
    const prefix = uniq('flood')
    const ip = ipFor()
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postJson(
          { name: 'Same', email: emailFor(`${prefix}-${i}`), body: `Burst ${prefix} ${i}` },
          { ip },
        ),
      ),
    )
    const statuses = answers.map((res) => res.status)
    expect(statuses.filter((status) => status === 202)).toHaveLength(1)
    expect(statuses.filter((status) => status === 429)).toHaveLength(29)
    expect(await countByPrefix(prefix)).toBe(1)
  }, 60_000)

  it('the same form double-submitted 20 times at once stores one comment; all answers are the same 303', async () => {
    const tag = uniq('dbl')
    const token = await mintFormToken()
    const comment = { name: 'Double', email: emailFor(tag), body: `Double submit ${tag}`, token }
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => postForm(comment, { ip: ipFor() })),
    )
    expect(answers.map((res) => res.status)).toEqual(Array(20).fill(303))
    expect(
      new Set(
        answers.map((res) => res.headers.get('Location')!.replace(/moderation-hash=[^#]*/, '')),
      ).size,
    ).toBe(1)
    expect(await countByPrefix(tag)).toBe(1)
  }, 60_000)
})
