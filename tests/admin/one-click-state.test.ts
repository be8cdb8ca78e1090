import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { oneClickLinks } from '../../src/admin/notify'
import { isSpent, moderateOnce } from '../../src/admin/moderate'
import { signToken } from '../../src/lib/crypto'
import { get, SITE, visibleText } from '../helpers/http'
import { addComment, api, auditFor, db, findRow } from './fixtures'

/**
 * A one-click link acts only while the comment is still in the state the link was issued for: a
 * later decision by a moderator is never overridden by an old notification.
 */

const path = (link: string) => link.slice(SITE.length)
const post = (link: string) => get(path(link), { method: 'POST', headers: { Origin: SITE } })

describe('one-click links after a moderator decided', () => {
  it('an Approve link issued while pending changes nothing once a moderator marked the comment spam', async () => {
    const c = await addComment()
    const links = await oneClickLinks(env, env.SECRET_KEY!, c.id)
    expect((await api(`/comments/${c.id}/spam`, { method: 'POST' })).status).toBe(200)
    const audit = await auditFor(c.id)
    expect(audit).toMatchObject([{ action: 'spam', actor: 'admin token' }])

    const page = await get(path(links.approve))
    expect(page.status).toBe(409)
    const shown = visibleText(await page.text())
    expect(shown).toContain('This comment was marked as spam by admin token at')
    expect(shown).toContain('after this link was sent; nothing was changed.')
    expect(shown).not.toContain('Approve this comment?')

    const res = await post(links.approve)
    expect(res.status).toBe(409)
    expect(visibleText(await res.text())).toContain(
      'This comment was marked as spam by admin token at',
    )
    expect(await findRow(c.id)).toMatchObject({ status: 'spam' })
    expect(await auditFor(c.id)).toEqual(audit)
  })

  it('the Spam link of a comment a moderator already approved changes nothing either', async () => {
    const c = await addComment()
    const links = await oneClickLinks(env, env.SECRET_KEY!, c.id)
    await api(`/comments/${c.id}/approve`, { method: 'POST' })
    const res = await post(links.spam)
    expect(res.status).toBe(409)
    expect(visibleText(await res.text())).toContain('This comment was approved by admin token')
    expect((await findRow(c.id))!.status).toBe('approved')
    expect(await auditFor(c.id)).toHaveLength(1)
  })

  it('acts again once the comment is back in the state it was issued for', async () => {
    const c = await addComment()
    const links = await oneClickLinks(env, env.SECRET_KEY!, c.id)
    await api(`/comments/${c.id}/spam`, { method: 'POST' })
    await api(`/comments/${c.id}/restore`, { method: 'POST' })
    expect((await findRow(c.id))!.status).toBe('pending')
    expect((await get(path(links.approve))).status).toBe(200)
    expect((await post(links.approve)).status).toBe(200)
    expect((await findRow(c.id))!.status).toBe('approved')
  })

  it('the conditional write itself: a link issued for pending changes a spam comment not at all, but is spent', async () => {
    const c = await addComment({ status: 'spam', previousStatus: 'pending' })
    const jti = `race-${c.id}`
    const result = await moderateOnce(db(), c.id, 'approve', jti, 'one-click link', 'pending')
    expect(result).toEqual({ spent: true, changed: false })
    expect((await findRow(c.id))!.status).toBe('spam')
    expect(await auditFor(c.id)).toEqual([])
    expect(await isSpent(db(), jti)).toBe(true)
  })

  it('refuses a link whose issued-for status is not a status', async () => {
    const c = await addComment()
    const token = await signToken(
      env.SECRET_KEY!,
      'admin-one-click',
      { id: c.id, action: 'approve', jti: `jti-${c.id}`, st: 'published' },
      3600,
    )
    expect((await get(`/moderate/${token}`)).status).toBe(403)
    expect((await findRow(c.id))!.status).toBe('pending')
  })
})
