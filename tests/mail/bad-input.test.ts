import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { signToken } from '../../src/lib/crypto'
import { checkAddress } from '../../src/lib/email-address'
import { renderMail } from '../../src/mail/render'
import { emailFor, ipFor, uniq } from '../comments/helpers'
import { visibleText } from '../helpers/http'
import { approve, commentIdFrom, mailEnv, mailsTo, postComment, subscribe } from './helpers'

const form = { 'Content-Type': 'application/x-www-form-urlencoded' }

describe('bad input never reaches a header, never a 500, never a second email', () => {
  it.each([
    ['"Reader" <reader@example.com>', 'without a name or angle brackets'],
    ['reader@example.com (home)', 'without a comment in parentheses'],
    ['"reader here"@example.com', 'without quotes or backslashes'],
    ['reader@example.com.', 'must not end with a dot'],
    [`${'a'.repeat(250)}@example.com`, 'too long'],
    ['reader@example.com\r\nBcc: everyone@example.com', 'one line'],
    ['reader@', 'valid address'],
    ['', 'required'],
  ])('refuses %j on the subscribe form, naming the field', async (address, words) => {
    const t = mailEnv()
    const res = await subscribe(t, address, ipFor())
    expect(res.status).toBe(422)
    expect(visibleText(await res.text())).toContain(words)
    expect(t.queued).toEqual([])
  })

  it('accepts an IDN domain and stores it in punycode', async () => {
    expect(checkAddress('Leser@Bücher.example')).toEqual({
      ok: true,
      address: 'leser@xn--bcher-kva.example',
    })
    const t = mailEnv()
    const tag = uniq('idn').toLowerCase()
    expect((await subscribe(t, `${tag}@bücher.example`, ipFor())).status).toBe(202)
    const row = await env.DB.prepare('SELECT email FROM mail_subscriptions WHERE email LIKE ?')
      .bind(`${tag}@%`)
      .first<{ email: string }>()
    expect(row!.email).toBe(`${tag}@xn--bcher-kva.example`)
  })

  it('keeps reader text that reaches the Subject on one line', async () => {
    const mail = await renderMail(
      {
        to: 'a@example.com',
        subject: 'Evil\r\nBcc: everyone@example.com replied',
        blocks: [{ kind: 'quote', text: '<script>alert(1)</script>' }],
        unsubscribeUrl: null,
      },
      { siteName: 'Blog', messageId: '<x@blog.test>' },
    )
    expect(mail.subject).toBe('Evil  Bcc: everyone@example.com replied')
    expect(mail.html).toContain('&lt;script&gt;')
    expect(mail.html).not.toContain('<script>')
  })

  it('a reply by an author whose name carries CR LF gives a one-line subject', async () => {
    const t = mailEnv()
    const alice = emailFor(uniq('crlf'))
    const parentId = commentIdFrom(
      await postComment(t, { email: alice, notify_replies: 'yes' }, ipFor()),
    )
    const parent =
      parentId ??
      (await env.DB.prepare('SELECT id FROM comments WHERE author_email = ?')
        .bind(alice)
        .first<{ id: string }>())!.id
    await env.DB.prepare('UPDATE mail_subscriptions SET confirmed_at = 1 WHERE email = ?')
      .bind(alice)
      .run()
    await approve(t, parent)
    const reply = await postComment(
      t,
      { email: emailFor(uniq('x')), parent_id: parent, name: 'Mallory' },
      ipFor(),
    )
    const replyId = /unapproved=([\w-]+)/.exec(reply.headers.get('Location')!)![1]!
    // A name with a line break cannot come through the form (refused), but imports could store one.
    await env.DB.prepare('UPDATE comments SET author_name = ? WHERE id = ?')
      .bind('Mal\r\nBcc: x@example.com', replyId)
      .run()
    await approve(t, replyId)
    t.sent.length = 0
    await t.deliver()
    const [note] = mailsTo(t, alice)
    expect(note!.subject).not.toMatch(/[\r\n]/)
  })

  it('answers unknown and expired tokens clearly: 404 and 410, never a 500', async () => {
    const t = mailEnv()
    expect((await t.fetch('/mail/confirm/nonsense')).status).toBe(404)
    expect((await t.fetch('/mail/unsubscribe/nonsense')).status).toBe(404)
    const expired = await signToken(
      env.SECRET_KEY!,
      'mail-confirm',
      { s: 'x' },
      60,
      Date.now() - 8 * 86_400_000,
    )
    const res = await t.fetch(`/mail/confirm/${expired}`)
    expect(res.status).toBe(410)
    expect(visibleText(await res.text())).toContain('expired')
    const post = await t.fetch(`/mail/confirm/${expired}`, { method: 'POST', headers: form })
    expect(post.status).toBe(410)
    // A signed link for a subscription that no longer exists.
    const gone = await signToken(env.SECRET_KEY!, 'mail-confirm', { s: 'deleted' }, 600)
    expect((await t.fetch(`/mail/confirm/${gone}`)).status).toBe(404)
  })

  it('unsubscribe twice, and "everything", answer the same calm page', async () => {
    const t = mailEnv()
    const reader = emailFor(uniq('twice'))
    const ids = [uniq('s'), uniq('s')]
    await env.DB.batch(
      ids.map((id, i) =>
        env.DB.prepare(
          "INSERT INTO mail_subscriptions (id, email, kind, essay_slug, created_at, confirmed_at) VALUES (?, ?, 'essay', ?, 1, 1)",
        ).bind(id, reader, i ? 'other-essay' : 'management-versus-leadership'),
      ),
    )
    const token = await signToken(env.SECRET_KEY!, 'mail-unsubscribe', { s: ids[0] }, 600)
    const page = await t.fetch(`/mail/unsubscribe/${token}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('value="this"')
    expect(html).toContain('value="all"')
    // The GET changed nothing.
    const count = () =>
      env.DB.prepare('SELECT count(*) AS n FROM mail_subscriptions WHERE email = ?')
        .bind(reader)
        .first<{ n: number }>()
    expect((await count())!.n).toBe(2)
    const all = await t.fetch(`/mail/unsubscribe/${token}`, {
      method: 'POST',
      headers: form,
      body: 'scope=all',
    })
    expect(all.status).toBe(200)
    expect((await count())!.n).toBe(0)
    const again = await t.fetch(`/mail/unsubscribe/${token}`, {
      method: 'POST',
      headers: form,
      body: 'List-Unsubscribe=One-Click',
    })
    expect(again.status).toBe(200)
  })

  it('refuses a MAIL_FROM that is not one plain address, naming the var', async () => {
    const { readConfig } = await import('../../src/config')
    expect(() => readConfig({ ...env, MAIL_FROM: 'Blog <blog@example.com>' })).toThrow(/MAIL_FROM/)
    expect(() =>
      readConfig({ ...env, MAIL_FROM: 'blog@example.com', MAIL_TRANSPORT: 'smtp' }),
    ).toThrow(/MAIL_TRANSPORT/)
    expect(() => readConfig({ ...env, MAIL_FROM_NAME: 'A\r\nBcc: x' })).toThrow(/MAIL_FROM_NAME/)
    expect(readConfig({ ...env, MAIL_FROM: '' }).mail).toBeNull()
  })

  it('takes notifyReplies from the JSON API as a boolean, and refuses anything else naming the field', async () => {
    const t = mailEnv()
    const post = (notifyReplies: unknown) =>
      t.fetch('/api/essays/management-versus-leadership/comments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': ipFor() },
        body: JSON.stringify({
          name: 'Json Reader',
          email: emailFor(uniq('json')),
          body: `Via the API ${uniq()}`,
          notifyReplies,
        }),
      })
    const refused = await post('maybe')
    expect(refused.status).toBe(422)
    expect(((await refused.json()) as { fields: Record<string, string> }).fields).toEqual({
      notifyReplies: 'notifyReplies must be true or false.',
    })
    expect(t.queued).toEqual([])
    const accepted = await post(true)
    expect(accepted.status).toBe(202)
    expect(t.queued.map((job) => (job as { kind: string }).kind)).toContain('confirm')
  })
})
