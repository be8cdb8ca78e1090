import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import { HTTPException } from 'hono/http-exception'
import { getConfig } from '../config'
import { database } from '../db/client'
import { requireSecret, verifyToken } from '../lib/crypto'
import { Layout } from '../views/layout'
import { excerpt } from './api'
import { assertAdminConfigured, sameOrigin } from './auth'
import { refreshEssays } from './freshness'
import { ONE_CLICK_ACTIONS, ONE_CLICK_PURPOSE, type OneClickAction } from './notify'
import { findComment, isSpent, moderateOnce } from './store'
import type { AdminEnv } from './types'
import { essayTitle } from './validate'

/**
 * /moderate/<token>: the signed links in notifications. Outside /admin on purpose: the token is
 * the credential. GET only shows a confirmation (mail scanners prefetch links); the POST acts,
 * once. The routes still close when admin or SECRET_KEY is unconfigured, so removing the admin
 * token also kills links already sent.
 */

const LABEL: Record<OneClickAction, string> = { approve: 'Approve', spam: 'Mark as spam' }
const DONE: Record<OneClickAction, string> = { approve: 'approved', spam: 'marked as spam' }

async function readLink(c: Context<AdminEnv>) {
  c.header('Cache-Control', 'private, no-store')
  c.header('X-Robots-Tag', 'noindex, nofollow')
  // The token is in the URL: never hand it to another site in a Referer.
  c.header('Referrer-Policy', 'no-referrer')
  assertAdminConfigured(c.env)
  const payload = await verifyToken<{ id?: unknown; action?: unknown; jti?: unknown }>(
    requireSecret(c.env),
    ONE_CLICK_PURPOSE,
    c.req.param('token'),
  )
  if (
    !payload ||
    typeof payload.id !== 'string' ||
    typeof payload.jti !== 'string' ||
    !ONE_CLICK_ACTIONS.includes(payload.action as OneClickAction)
  ) {
    throw new HTTPException(403, {
      message:
        'This moderation link is not valid or has expired. Sign in to the admin to moderate.',
    })
  }
  return { id: payload.id, action: payload.action as OneClickAction, jti: payload.jti }
}

function Page(props: { c: Context<AdminEnv>; title: string; children: Child }) {
  const siteUrl = getConfig(props.c.env).siteUrl
  return (
    <Layout
      meta={{
        title: props.title,
        description: props.title,
        canonical: `${siteUrl}/admin`,
        siteUrl,
        noindex: true,
      }}
    >
      <h1>{props.title}</h1>
      {props.children}
      <p>
        <a href="/admin">Open the moderation queue</a>
      </p>
    </Layout>
  )
}

export const oneClickRoutes = new Hono<AdminEnv>()
  .get('/:token', async (c) => {
    const link = await readLink(c)
    const db = database(c.env.DB)
    if (await isSpent(db, link.jti)) {
      return c.html(
        <Page c={c} title="Link already used">
          <p>This link has already been used. Each notification's links work once.</p>
        </Page>,
        410,
      )
    }
    const comment = await findComment(db, link.id)
    if (!comment) throw new HTTPException(404, { message: 'That comment no longer exists.' })
    return c.html(
      <Page c={c} title={`${LABEL[link.action]} this comment?`}>
        <p>
          By <strong>{comment.authorName}</strong> on{' '}
          <a href={`/essays/${comment.essaySlug}`}>{essayTitle(comment.essaySlug)}</a>, now{' '}
          <strong>{comment.status}</strong>:
        </p>
        <blockquote>{excerpt(comment.body, 600)}</blockquote>
        <form method="post">
          <button type="submit">{LABEL[link.action]}</button>
        </form>
      </Page>,
    )
  })
  .post('/:token', async (c) => {
    if (!sameOrigin(c)) throw new HTTPException(403, { message: 'Cross-site request refused.' })
    const link = await readLink(c)
    const db = database(c.env.DB)
    const comment = await findComment(db, link.id)
    const result = await moderateOnce(db, link.id, link.action, link.jti, 'one-click link')
    if (!result.spent) {
      return c.html(
        <Page c={c} title="Link already used">
          <p>This link has already been used. Each notification's links work once.</p>
        </Page>,
        410,
      )
    }
    if (!comment) throw new HTTPException(404, { message: 'That comment no longer exists.' })
    if (result.changed) await refreshEssays(c.env, [comment.essaySlug])
    return c.html(
      <Page c={c} title={result.changed ? `Comment ${DONE[link.action]}` : 'Nothing to change'}>
        <p>
          {result.changed
            ? `The comment by ${comment.authorName} is now ${DONE[link.action]}.`
            : `The comment by ${comment.authorName} is ${comment.status}; this link could not change it.`}
        </p>
      </Page>,
    )
  })
