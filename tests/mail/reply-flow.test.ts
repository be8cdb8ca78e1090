import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { emailFor, ipFor, uniq } from '../comments/helpers'
import { SEED_SLUG } from '../helpers/http'
import { approve, commentIdFrom, linkIn, mailEnv, mailsTo, MODERATOR, postComment } from './helpers'

const subscriptionOf = (email: string) =>
  env.DB.prepare(
    "SELECT id, confirmed_at AS confirmedAt FROM mail_subscriptions WHERE email = ? AND kind = 'replies'",
  )
    .bind(email)
    .first<{ id: string; confirmedAt: number | null }>()

describe('reply notifications, end to end through the queue and the email binding', () => {
  it('opt in, confirm, held reply (no mail), approved reply (one mail), one-click unsubscribe, next reply (no mail)', async () => {
    const t = mailEnv()
    const alice = emailFor(uniq('alice'))
    const bob = emailFor(uniq('bob'))

    // 1. Alice comments and ticks the box: held (hold-all), so a confirmation and the moderator's mail.
    const posted = await postComment(t, { email: alice, notify_replies: 'yes' }, ipFor())
    expect(posted.status).toBe(303)
    const parentId = commentIdFrom(posted)!
    expect(t.queued.map((job) => (job as { kind: string }).kind).sort()).toEqual([
      'confirm',
      'held',
    ])
    const first = await t.deliver()
    expect(first.explicitAcks).toHaveLength(2)
    expect(first.retryMessages).toEqual([])
    const [confirmation] = mailsTo(t, alice)
    expect(mailsTo(t, alice)).toHaveLength(1)
    expect(confirmation!.from.email).toBe('blog@blog.test')
    expect(confirmation!.subject).toContain('Confirm')
    const held = mailsTo(t, MODERATOR)
    expect(held).toHaveLength(1)
    expect(held[0]!.text).toMatch(/https:\/\/blog\.test\/moderate\/[\w.-]+/)
    // The moderator's address is config, not a subscription: no List-Unsubscribe.
    expect(held[0]!.headers['List-Unsubscribe']).toBeUndefined()

    // Double opt-in: nothing confirmed until the link's POST; the GET only shows a button.
    const confirmPath = linkIn(confirmation!, '/mail/confirm/')
    const page = await t.fetch(confirmPath)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post"')
    expect((await subscriptionOf(alice))!.confirmedAt).toBeNull()
    const confirmed = await t.fetch(confirmPath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(confirmed.status).toBe(200)
    expect((await subscriptionOf(alice))!.confirmedAt).not.toBeNull()
    // A double click is answered the same and changes nothing.
    const again = await t.fetch(confirmPath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(again.status).toBe(200)

    expect((await approve(t, parentId)).status).toBe(200)
    await t.deliver()

    // 2. Bob replies: held, so Alice hears nothing yet.
    t.sent.length = 0
    const reply = await postComment(t, { email: bob, parent_id: parentId }, ipFor())
    expect(reply.status).toBe(303)
    const replyId = /unapproved=([\w-]+)/.exec(reply.headers.get('Location')!)?.[1]
    expect(replyId).toBeTruthy()
    await t.deliver()
    expect(mailsTo(t, alice)).toEqual([])

    // 3. The reply is approved: exactly one mail, to Alice, with the headers and the anchor link.
    expect((await approve(t, replyId!)).status).toBe(200)
    const replyJobs = t.queued.slice()
    expect(replyJobs).toEqual([{ kind: 'reply', commentId: replyId }])
    await t.deliver()
    const notes = mailsTo(t, alice)
    expect(notes).toHaveLength(1)
    const note = notes[0]!
    expect(note.subject).toBe('Reader replied to your comment on “Management Versus Leadership”')
    expect(note.headers['List-Unsubscribe']).toMatch(
      /^<https:\/\/blog\.test\/mail\/unsubscribe\/[\w.-]+>$/,
    )
    expect(note.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    expect(note.headers['Auto-Submitted']).toBe('auto-generated')
    expect(note.headers['X-Entity-Ref-ID']).toMatch(/^<[\w-]+@blog\.test>$/)
    expect(note.text).toContain(`https://blog.test/essays/${SEED_SLUG}#comment-${replyId}`)
    expect(note.html).toContain(`href="https://blog.test/essays/${SEED_SLUG}#comment-${replyId}"`)
    expect(note.html).toContain('color-scheme')
    expect(note.text).toContain('Unsubscribe: https://blog.test/mail/unsubscribe/')

    // A redelivered message (at-least-once) never sends twice.
    const redelivered = await t.deliver(replyJobs)
    expect(redelivered.explicitAcks).toHaveLength(1)
    expect(mailsTo(t, alice)).toHaveLength(1)

    // 4. One-click unsubscribe (RFC 8058): the mail client POSTs the fixed body, no cookie, no login.
    const unsubscribePath = note.headers['List-Unsubscribe']!.slice('<https://blog.test'.length, -1)
    const left = await t.fetch(unsubscribePath, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(left.status).toBe(200)
    expect(await subscriptionOf(alice)).toBeNull()

    // 5. The next approved reply mails nobody.
    const next = await postComment(
      t,
      { email: emailFor(uniq('carol')), parent_id: parentId },
      ipFor(),
    )
    const nextId = /unapproved=([\w-]+)/.exec(next.headers.get('Location')!)![1]!
    await approve(t, nextId)
    await t.deliver()
    expect(mailsTo(t, alice)).toHaveLength(1)
  })

  it('mails nobody about replies to a comment whose author did not tick the box', async () => {
    const t = mailEnv()
    const dana = emailFor(uniq('dana'))
    const parent = commentIdFrom(await postComment(t, { email: dana }, ipFor()))
    const parentId =
      parent ??
      (await env.DB.prepare('SELECT id FROM comments WHERE author_email = ?')
        .bind(dana)
        .first<{ id: string }>())!.id
    expect(t.queued.map((job) => (job as { kind: string }).kind)).toEqual(['held'])
    await approve(t, parentId)
    const reply = await postComment(
      t,
      { email: emailFor(uniq('erin')), parent_id: parentId },
      ipFor(),
    )
    const replyId = /unapproved=([\w-]+)/.exec(reply.headers.get('Location')!)![1]!
    await approve(t, replyId)
    t.sent.length = 0
    await t.deliver()
    expect(mailsTo(t, dana)).toEqual([])
  })

  it('sends nothing but the confirmation until the address confirms (double opt-in)', async () => {
    const t = mailEnv()
    const frank = emailFor(uniq('frank'))
    const posted = await postComment(t, { email: frank, notify_replies: 'yes' }, ipFor())
    const parentId = /unapproved=([\w-]+)/.exec(posted.headers.get('Location')!)![1]!
    await approve(t, parentId)
    const reply = await postComment(
      t,
      { email: emailFor(uniq('gina')), parent_id: parentId },
      ipFor(),
    )
    const replyId = /unapproved=([\w-]+)/.exec(reply.headers.get('Location')!)![1]!
    await approve(t, replyId)
    await t.deliver()
    const toFrank = mailsTo(t, frank)
    expect(toFrank).toHaveLength(1)
    expect(toFrank[0]!.subject).toContain('Confirm')
  })
})
