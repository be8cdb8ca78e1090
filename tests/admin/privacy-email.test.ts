import { describe, expect, it } from 'vitest'
import { randomId } from '../../src/lib/crypto'
import { addComment, api, findRow } from './fixtures'

/** Privacy requests find a reader's comments however the moderator types the address's letter case. */

type Exported = { email: string; comments: { id: string }[] }

describe('privacy export and erase compare emails case-insensitively', () => {
  it('exports by an address typed in capitals, non-ASCII letters included, and echoes it lowercased', async () => {
    const email = `élodie-${randomId(6).toLowerCase()}@exemple.fr`
    const c = await addComment({ authorEmail: email })
    const res = await api(`/export?email=${encodeURIComponent(email.toUpperCase())}`)
    expect(res.status).toBe(200)
    const data = (await res.json()) as Exported
    expect(data.email).toBe(email)
    expect(data.comments.map((row) => row.id)).toEqual([c.id])
  })

  it('erases by an address typed in mixed case', async () => {
    const email = `Ünal-${randomId(6)}@Example.COM`
    const stored = email.toLowerCase()
    const c = await addComment({ authorEmail: stored })
    const res = await api('/erase', { method: 'POST', body: { email: ` ${email} ` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ erased: 1, ids: [c.id] })
    expect(await findRow(c.id)).toMatchObject({ authorName: 'Anonymous', authorEmail: '' })
  })
})
