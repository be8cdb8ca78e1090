import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { parseBlockTarget } from '../../src/fediverse/blocks'
import { FakeMastodon, fedEnv, replyActivity, request, stubFetch, uniqueId } from './fake-mastodon'

let e: Env
beforeAll(async () => {
  ;({ env: e } = await fedEnv())
})
afterEach(() => vi.restoreAllMocks())

const auth = () => ({ Authorization: `Bearer ${e.ADMIN_TOKEN}` })

describe('admin: blocked accounts and instances', () => {
  it('needs the admin gate: 401 without a credential, handler never reached', async () => {
    const res = await request(e, '/api/admin/fediverse/blocks', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'evil.example' }),
    })
    expect(res.status).toBe(401)
    const row = await e.DB.prepare(
      "SELECT 1 FROM fediverse_blocks WHERE target = 'evil.example'",
    ).first()
    expect(row).toBeNull()
  })

  it('adds, lists and removes blocks through the API; a bad target is a 400 naming the field', async () => {
    const host = `${uniqueId('b')}.example`
    const add = await request(e, '/api/admin/fediverse/blocks', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: host }),
    })
    expect(add.status).toBe(201)
    const list = (await (
      await request(e, '/api/admin/fediverse/blocks', { headers: auth() })
    ).json()) as {
      blocks: { target: string; kind: string }[]
    }
    expect(list.blocks).toContainEqual(expect.objectContaining({ target: host, kind: 'instance' }))
    const bad = await request(e, '/api/admin/fediverse/blocks', {
      method: 'POST',
      headers: { ...auth(), 'Content-Type': 'application/json' },
      body: JSON.stringify({ target: 'not a host' }),
    })
    expect(bad.status).toBe(400)
    const del = await request(e, `/api/admin/fediverse/blocks?target=${encodeURIComponent(host)}`, {
      method: 'DELETE',
      headers: auth(),
    })
    expect(del.status).toBe(204)
    expect(
      await e.DB.prepare('SELECT 1 FROM fediverse_blocks WHERE target = ?1').bind(host).first(),
    ).toBeNull()
  })

  it('reads targets: an actor URL is an account, a host or @user@host an instance', () => {
    expect(parseBlockTarget('https://m.example/users/x')).toEqual({
      target: 'https://m.example/users/x',
      kind: 'account',
    })
    expect(parseBlockTarget('M.Example')).toEqual({ target: 'm.example', kind: 'instance' })
    expect(parseBlockTarget('@spam@bad.example')).toEqual({
      target: 'bad.example',
      kind: 'instance',
    })
    expect(parseBlockTarget('localhost')).toBeNull()
    expect(parseBlockTarget(42)).toBeNull()
  })

  it('shows the block page behind the gate', async () => {
    const res = await request(e, '/admin/fediverse', { headers: auth() })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Blocked on the fediverse')
  })

  it('shows a federated comment in the moderation queue as @user@instance, not an email', async () => {
    const m = await new FakeMastodon(`${uniqueId('q')}.example`, 'erin', e).start()
    stubFetch(m)
    const { activity, note } = replyActivity(m)
    await m.deliver(activity)
    const row = await e.DB.prepare('SELECT id FROM comments WHERE source = ?1')
      .bind(note.id)
      .first<{ id: string }>()
    const page = await (await request(e, '/admin?status=pending', { headers: auth() })).text()
    const item = page.slice(page.indexOf(`id="c-${row!.id}"`))
    expect(item.slice(0, 3000)).toContain(`@erin@${m.host}`)
    expect(item.slice(0, item.indexOf('</dl>'))).not.toContain('mailto:')
  })
})
