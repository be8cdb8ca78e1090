import { Hono, type Context } from 'hono'
import { config } from '../config'
import type { AppEnv } from '../env'
import { RequestError } from '../lib/errors'
import { Layout } from '../views/layout'

/**
 * Blocked fediverse accounts (an actor URL) and instances (a host name): their deliveries get 403 and
 * nothing is stored. Mounted at /admin/fediverse and /api/admin/fediverse, behind the admin gate in
 * src/index.ts (which also checks same-origin and the CSRF token of every form post). English only,
 * like the rest of the admin pages.
 */

interface GateIdentity {
  csrf: string | null
}

/** The identity the /admin/* gate set (read by name: this feature does not import the admin). */
function identity(c: Context<AppEnv>): GateIdentity {
  const found = (c as unknown as { get(name: string): unknown }).get('admin') as
    GateIdentity | undefined
  if (!found) throw new RequestError(401, 'Sign in first.')
  return found
}

/** An actor URL (https) is an account; a bare host name is an instance. */
export function parseBlockTarget(
  raw: unknown,
): { target: string; kind: 'account' | 'instance' } | null {
  if (typeof raw !== 'string') return null
  const text = raw.trim()
  if (!text || text.length > 500) return null
  if (text.startsWith('https://') || text.startsWith('http://')) {
    try {
      return { target: new URL(text).href, kind: 'account' }
    } catch {
      return null
    }
  }
  const host = text.toLowerCase().replace(/^@/, '')
  // user@host blocks the account's whole instance only when asked as a host; here it names the host part.
  const at = host.lastIndexOf('@')
  const name = at >= 0 ? host.slice(at + 1) : host
  return /^[a-z0-9.-]{1,253}$/.test(name) && name.includes('.')
    ? { target: name, kind: 'instance' }
    : null
}

async function listBlocks(c: Context<AppEnv>) {
  const { results } = await c.env.DB.prepare(
    'SELECT target, kind, created_at AS createdAt FROM fediverse_blocks ORDER BY kind, target LIMIT 1000',
  ).all<{ target: string; kind: string; createdAt: number }>()
  return results
}

async function addBlock(c: Context<AppEnv>, raw: unknown) {
  const parsed = parseBlockTarget(raw)
  if (!parsed)
    throw new RequestError(400, 'target must be an actor URL or an instance host name', {
      fields: { target: 'must be an actor URL or an instance host name' },
    })
  await c.env.DB.prepare(
    'INSERT INTO fediverse_blocks (target, kind, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING',
  )
    .bind(parsed.target, parsed.kind, Date.now())
    .run()
  return parsed
}

async function removeBlock(c: Context<AppEnv>, target: unknown) {
  if (typeof target !== 'string' || target.length > 2000)
    throw new RequestError(400, 'target is required', { fields: { target: 'is required' } })
  await c.env.DB.prepare('DELETE FROM fediverse_blocks WHERE target = ?1').bind(target).run()
}

export const blocksApi = new Hono<AppEnv>()
  .get('/blocks', async (c) => {
    identity(c)
    return c.json({ blocks: await listBlocks(c) })
  })
  .post('/blocks', async (c) => {
    identity(c)
    if (!c.req.header('Content-Type')?.startsWith('application/json'))
      throw new RequestError(415, 'Send application/json.')
    const body = (await c.req.json().catch(() => null)) as { target?: unknown } | null
    return c.json({ block: await addBlock(c, body?.target) }, 201)
  })
  .delete('/blocks', async (c) => {
    identity(c)
    await removeBlock(c, c.req.query('target'))
    return c.body(null, 204)
  })

export const blocksPage = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { csrf } = identity(c)
    const blocks = await listBlocks(c)
    const siteUrl = config(c.env).siteUrl
    return c.html(
      <Layout
        meta={{
          title: 'Fediverse blocks',
          description: 'Blocked fediverse accounts and instances',
          canonical: `${siteUrl}/admin/fediverse`,
          siteUrl,
          noindex: true,
        }}
      >
        <div class="admin">
          <h1>Blocked on the fediverse</h1>
          <p class="note">
            Deliveries from these accounts and instances are refused (403) and nothing is stored.
          </p>
          <form method="post" action="/admin/fediverse/blocks">
            {csrf && <input type="hidden" name="csrf" value={csrf} />}
            <label for="target">Account URL or instance host</label>
            <input id="target" name="target" class="field" required maxlength={500} />
            <button type="submit">Block</button>
          </form>
          <ul class="admin-queue">
            {blocks.map((block) => (
              <li class="admin-comment">
                <strong>{block.kind === 'instance' ? 'Instance' : 'Account'}</strong> {block.target}{' '}
                <form method="post" action="/admin/fediverse/blocks/delete" class="inline">
                  {csrf && <input type="hidden" name="csrf" value={csrf} />}
                  <input type="hidden" name="target" value={block.target} />
                  <button type="submit" class="secondary">
                    Unblock
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </div>
      </Layout>,
    )
  })
  .post('/blocks', async (c) => {
    identity(c)
    const form = await c.req.parseBody()
    await addBlock(c, form.target)
    return c.redirect('/admin/fediverse', 303)
  })
  .post('/blocks/delete', async (c) => {
    identity(c)
    const form = await c.req.parseBody()
    await removeBlock(c, form.target)
    return c.redirect('/admin/fediverse', 303)
  })
