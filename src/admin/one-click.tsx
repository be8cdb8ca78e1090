import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import { HTTPException } from 'hono/http-exception'
import { absoluteUrl, config } from '../config'
import { database } from '../db/client'
import { COMMENT_STATUSES, type Comment, type CommentStatus } from '../db/schema'
import { requireSecret, verifyToken } from '../lib/crypto'
import { cutText } from '../lib/text'
import { formatDayTime } from '../lib/dates'
import { essayPath } from '../lib/urls'
import { t } from '../views/i18n'
import { Layout } from '../views/layout'
import { lastStatusChange } from './audit'
import { assertAdminConfigured, sameOrigin } from './auth'
import { commentsPublished, essaysChanged } from './freshness'
import {
  ONE_CLICK_ACTIONS,
  ONE_CLICK_PURPOSE,
  ONE_CLICK_SECONDS,
  type OneClickAction,
} from './notify'
import { isSpent, moderateOnce } from './moderate'
import { essayTitle, oneLine } from './present'
import { findComment } from './store'
import type { AdminEnv } from './types'

/**
 * /moderate/<token>: the signed links in notifications. Outside /admin on purpose: the token is
 * the credential. GET only shows a confirmation (mail scanners prefetch links); the POST acts,
 * once. The routes still close when admin or SECRET_KEY is unconfigured, so removing the admin
 * token also kills links already sent.
 */

// Words are read at render time, in the site's language. Fixed messages thrown below are English
// and shown translated by the error page (views/i18n.ts `translated`).
const LABEL = (action: OneClickAction) =>
  action === 'approve' ? t().oneClickApprove : t().oneClickSpam
const DONE = (action: OneClickAction) =>
  action === 'approve' ? t().oneClickApproved : t().oneClickSpammed

async function readLink(c: Context<AdminEnv>) {
  c.header('Cache-Control', 'private, no-store')
  c.header('X-Robots-Tag', 'noindex, nofollow')
  // The token is in the URL: never hand it to another site in a Referer.
  c.header('Referrer-Policy', 'no-referrer')
  assertAdminConfigured(c.env)
  const payload = await verifyToken<{
    id?: unknown
    action?: unknown
    jti?: unknown
    st?: unknown
  }>(requireSecret(c.env), ONE_CLICK_PURPOSE, c.req.param('token'))
  // Links sent before tokens named their status were all for held comments: 'pending'.
  const issuedFor = payload?.st ?? 'pending'
  if (
    !payload ||
    typeof payload.id !== 'string' ||
    typeof payload.jti !== 'string' ||
    !ONE_CLICK_ACTIONS.includes(payload.action as OneClickAction) ||
    !COMMENT_STATUSES.includes(issuedFor as CommentStatus)
  ) {
    throw new HTTPException(403, {
      message:
        'This moderation link is not valid or has expired. Sign in to the admin to moderate.',
    })
  }
  return {
    id: payload.id,
    action: payload.action as OneClickAction,
    jti: payload.jti,
    issuedFor: issuedFor as CommentStatus,
    // exp is whole seconds after the issue time, so this is at or just before it.
    issuedAt: (payload.exp - ONE_CLICK_SECONDS) * 1000,
  }
}

type Link = Awaited<ReturnType<typeof readLink>>

function became(status: CommentStatus): string {
  const m = t()
  const words = {
    pending: m.becamePending,
    approved: m.becameApproved,
    spam: m.becameSpam,
    trash: m.becameTrash,
  }
  return words[status]
}

/** 409: the comment left the status the link was made for; say what happened since, change nothing. */
async function noLongerApplies(c: Context<AdminEnv>, link: Link, comment: Comment): Promise<never> {
  const change = await lastStatusChange(database(c.env.DB), comment.id)
  const known = change && change.afterStatus === comment.status && change.at >= link.issuedAt
  throw new HTTPException(409, {
    message: known
      ? t().noLongerKnown({
          became: became(comment.status),
          actor: change.actor,
          at: formatDayTime(change.at),
        })
      : t().noLongerSince({ became: became(comment.status) }),
  })
}

/** 410: each notification's links work once. */
const alreadyUsed = () =>
  new HTTPException(410, {
    message: "This link has already been used. Each notification's links work once.",
  })

function Page(props: { c: Context<AdminEnv>; title: string; children: Child }) {
  const env = props.c.env
  return (
    <Layout
      meta={{
        title: props.title,
        description: props.title,
        canonical: absoluteUrl(env, '/admin'),
        siteUrl: config(env).siteUrl,
        noindex: true,
      }}
    >
      <h1>{props.title}</h1>
      {props.children}
      <p>
        <a href="/admin">{t().openQueue}</a>
      </p>
    </Layout>
  )
}

export const oneClickRoutes = new Hono<AdminEnv>()
  .get('/:token', async (c) => {
    const link = await readLink(c)
    const db = database(c.env.DB)
    if (await isSpent(db, link.jti)) throw alreadyUsed()
    const comment = await findComment(db, link.id)
    if (!comment) throw new HTTPException(404, { message: 'That comment no longer exists.' })
    if (comment.status !== link.issuedFor) await noLongerApplies(c, link, comment)
    return c.html(
      <Page c={c} title={t().oneClickConfirm({ action: LABEL(link.action) })}>
        <p>
          {t().oneClickBy} <strong>{comment.authorName}</strong> {t().oneClickOn}{' '}
          <a href={essayPath(comment.essaySlug)}>{essayTitle(comment.essaySlug)}</a>,{' '}
          {t().oneClickNow} <strong>{t().auditStatusName({ status: comment.status })}</strong>:
        </p>
        <blockquote>{cutText(oneLine(comment.body), 600)}</blockquote>
        <form method="post">
          <button type="submit">{LABEL(link.action)}</button>
        </form>
      </Page>,
    )
  })
  .post('/:token', async (c) => {
    if (!sameOrigin(c)) throw new HTTPException(403, { message: 'Cross-site request refused.' })
    const link = await readLink(c)
    const db = database(c.env.DB)
    const comment = await findComment(db, link.id)
    const result = await moderateOnce(
      db,
      link.id,
      link.action,
      link.jti,
      'one-click link',
      link.issuedFor,
    )
    if (!result.spent) throw alreadyUsed()
    if (!comment) throw new HTTPException(404, { message: 'That comment no longer exists.' })
    if (result.changed) {
      commentsPublished(c, link.action, [comment])
      await essaysChanged(c, [comment.essaySlug])
    } else {
      // The batch's guard said no: read the status that stopped it (it may have changed just now).
      const now = await findComment(db, link.id)
      if (!now) throw new HTTPException(404, { message: 'That comment no longer exists.' })
      if (now.status !== link.issuedFor) await noLongerApplies(c, link, now)
    }
    return c.html(
      <Page
        c={c}
        title={result.changed ? t().oneClickDone({ done: DONE(link.action) }) : t().oneClickNothing}
      >
        <p>
          {result.changed
            ? t().oneClickChanged({ name: comment.authorName, done: DONE(link.action) })
            : t().oneClickUnchanged({
                name: comment.authorName,
                status: t().auditStatusName({ status: comment.status }),
              })}
        </p>
      </Page>,
    )
  })
