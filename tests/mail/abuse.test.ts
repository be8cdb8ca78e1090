import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { emailFor, ipFor, uniq } from '../comments/helpers'
import { visibleText } from '../helpers/http'
import { mailEnv, subscribe } from './helpers'

const confirms = (t: ReturnType<typeof mailEnv>) =>
  t.queued.filter((job) => (job as { kind: string }).kind === 'confirm').length

describe('the subscription form cannot be used to mail-bomb someone', () => {
  it('sends at most 3 confirmations per address per day, whatever the IP, with the same answer every time', async () => {
    const t = mailEnv()
    const victim = emailFor(uniq('victim'))
    const answers: string[] = []
    for (let i = 0; i < 5; i++) {
      const res = await subscribe(t, victim, ipFor())
      expect(res.status).toBe(202)
      answers.push(visibleText(await res.text()))
    }
    expect(confirms(t)).toBe(3)
    expect(new Set(answers).size).toBe(1)
    const counted = await env.DB.prepare('SELECT count(*) AS n FROM mail_requests WHERE email = ?')
      .bind(victim)
      .first<{ n: number }>()
    expect(counted!.n).toBe(3)
  })

  it('sends at most 3 confirmations per IP hash per day, whatever the address (the D1 rule)', async () => {
    // Without the binding (approximate, per location), the D1 count alone must hold the line.
    const t = mailEnv({ MAIL_LIMITER: undefined })
    const ip = ipFor()
    const answers = new Set<string>()
    for (let i = 0; i < 5; i++) {
      const res = await subscribe(t, emailFor(uniq('many')), ip)
      expect(res.status).toBe(202)
      answers.add(visibleText(await res.text()))
    }
    expect(confirms(t)).toBe(3)
    expect(answers.size).toBe(1)
  })

  it('answers a confirmed address exactly like a new one, and sends it nothing', async () => {
    const t = mailEnv()
    const known = emailFor(uniq('known'))
    await env.DB.prepare(
      "INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at, confirmed_at) VALUES (?, ?, 'essay', 'management-versus-leadership', ?, ?)",
    )
      .bind(uniq('sub'), known, Date.now(), Date.now())
      .run()
    const a = await subscribe(t, known, ipFor())
    const b = await subscribe(t, emailFor(uniq('new')), ipFor())
    expect(a.status).toBe(b.status)
    expect(visibleText(await a.text())).toBe(visibleText(await b.text()))
    expect(confirms(t)).toBe(1)
  })

  it('stops at the Rate Limiting binding before D1: the 4th request in a minute from one IP is 429', async () => {
    const t = mailEnv()
    const ip = ipFor()
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await subscribe(t, emailFor(uniq('rl')), ip)).status)
    expect(statuses).toEqual([202, 202, 202, 429])
  })
})
