import { CommentHtml } from '../../comments/body'
import type { Comment, CommentStatus } from '../../db/schema'
import { cutText } from '../../lib/text'
import { essayPath } from '../../lib/urls'
import type { ModerationAction } from '../moderate'
import { formatNumber, t } from '../../views/i18n'
import { formatDayTime } from '../../lib/dates'
import { essayTitle, oneLine, type ParentComment } from '../present'

/** One comment in the moderation queue: what a moderator decides on, and a plain form per action. */

/** Read at render time, in the site's language. */
export function statusLabel(status: CommentStatus): string {
  const m = t()
  const labels = {
    pending: m.statusPending,
    approved: m.statusApproved,
    spam: m.statusSpam,
    trash: m.statusTrash,
  }
  return labels[status]
}
export function actionLabel(action: ModerationAction): string {
  const m = t()
  const labels = {
    approve: m.actionApprove,
    spam: m.actionSpam,
    trash: m.actionTrash,
    restore: m.actionRestore,
    delete: m.actionDelete,
  }
  return labels[action]
}
export const ACTIONS_FOR: Record<CommentStatus, ModerationAction[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['spam', 'trash'],
  spam: ['approve', 'restore', 'trash'],
  trash: ['restore', 'approve', 'delete'],
}
// The keys admin.js binds; shown on the buttons so they can be discovered.
const KEY: Partial<Record<ModerationAction, string>> = { approve: 'a', spam: 's', trash: 't' }

/** The decisive spam signals, in words: links counted, words matched, flood, policy. */
export function signalsText(raw: string | null): string[] {
  if (!raw) return []
  let signals: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(raw)
    if (typeof parsed !== 'object' || parsed === null) return [String(parsed)]
    signals = parsed as Record<string, unknown>
  } catch {
    return [raw]
  }
  const out: string[] = []
  for (const [key, value] of Object.entries(signals)) {
    if (key === 'links' && typeof value === 'number')
      out.push(t().signalLinks({ count: value, countText: formatNumber(value) }))
    else if (key === 'words' && Array.isArray(value))
      out.push(t().signalWords({ list: value.map(String).join(', ') }))
    else if (key === 'blocked' && Array.isArray(value))
      out.push(t().signalBlocked({ list: value.map(String).join(', ') }))
    else if (Array.isArray(value)) out.push(`${key}: ${value.map(String).join(', ')}`)
    else if (key === 'policy') out.push(t().signalPolicy({ policy: String(value) }))
    else if (key === 'flood' && value === true) out.push(t().signalFlood)
    else if (value === true) out.push(key)
    else out.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
  }
  return out
}

/** A fediverse author (no email) as @user@instance from their profile URL (Mastodon's /@user), else the instance. */
export function fediverseAccount(profileUrl: string | null): string {
  if (!profileUrl) return '—'
  try {
    const url = new URL(profileUrl)
    const user = url.pathname.startsWith('/@') ? url.pathname.slice(2).split('/')[0] : ''
    return user ? `@${user}@${url.host}` : url.host
  } catch {
    return '—'
  }
}

export function Hidden(props: { csrf: string; back: string; next?: string }) {
  return (
    <>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="back" value={props.back} />
      {props.next && <input type="hidden" name="next" value={props.next} />}
    </>
  )
}

/** The text shown in the collapsed row: the source on one line, cut at a word boundary. */
const excerpt = (body: string) => cutText(oneLine(body), 160)

/**
 * One comment, one row at desktop widths (who and where, the excerpt, signals, actions) and a card
 * on phones; the full text as readers will see it, its details, the reply box and the pin expand in
 * place (<details>, no script needed).
 */
export function CommentItem(props: {
  row: Comment
  parent?: ParentComment
  next?: string
  csrf: string
  back: string
}) {
  const { row } = props
  const m = t()
  const headingId = `h-${row.id}`
  const signals = signalsText(row.spamSignals)
  const canReply = row.status === 'approved' || row.status === 'pending'
  const canPin = row.status === 'approved' && !row.parentId
  return (
    <li id={`c-${row.id}`} class="admin-comment" tabindex={-1} aria-labelledby={headingId}>
      <input
        type="checkbox"
        name="ids"
        value={row.id}
        form="bulk"
        id={`select-${row.id}`}
        aria-label={m.selectCommentBy({ name: row.authorName })}
      />
      <h2 id={headingId} class="admin-who">
        <span class="admin-author">{row.authorName}</span>{' '}
        <span class="admin-on">
          <span class="note">{m.commentOnEssay}</span>{' '}
          <a href={essayPath(row.essaySlug)}>{essayTitle(row.essaySlug)}</a>
        </span>{' '}
        <span class={`status status-${row.status}`}>{statusLabel(row.status)}</span>
        {row.isAuthor && (
          <>
            {' '}
            <span class="status status-author">{m.authorBadge}</span>
          </>
        )}
        {row.pinnedAt !== null && (
          <>
            {' '}
            <span class="status status-pinned">{m.pinnedBadge}</span>
          </>
        )}
      </h2>
      <time class="admin-time" datetime={new Date(row.createdAt).toISOString()}>
        {formatDayTime(row.createdAt)}
      </time>
      <details class="admin-text">
        <summary>
          <span class="admin-excerpt">{excerpt(row.body)}</span>
          <span class="visually-hidden"> {m.deskShowFull}</span>
        </summary>
        {row.parentId && (
          <p class="admin-parent">
            {m.inReplyTo}{' '}
            {props.parent ? (
              <>
                <strong>{props.parent.authorName}</strong> (
                {m.auditStatusName({ status: props.parent.status })}): “
                {cutText(oneLine(props.parent.body), 140)}”
              </>
            ) : (
              m.parentGone
            )}
          </p>
        )}
        <div class="admin-body comment-body">
          <CommentHtml comment={row} />
        </div>
        <dl class="admin-meta">
          {row.origin === 'fediverse' ? (
            <>
              <dt>{m.metaFediverse}</dt>
              <dd>{fediverseAccount(row.authorUrl)}</dd>
            </>
          ) : (
            <>
              <dt>{m.metaEmail}</dt>
              <dd>
                {row.authorEmail ? (
                  <a href={`mailto:${row.authorEmail}`}>{row.authorEmail}</a>
                ) : (
                  '—'
                )}
              </dd>
            </>
          )}
          <dt>{m.metaWebsite}</dt>
          <dd>
            {row.authorUrl ? (
              <a href={row.authorUrl} rel="nofollow noopener noreferrer">
                {row.authorUrl}
              </a>
            ) : (
              '—'
            )}
          </dd>
          {row.ipHash && [
            <dt>{m.metaIpHash}</dt>,
            <dd>
              <code>{row.ipHash.slice(0, 12)}</code>
            </dd>,
          ]}
          {row.userAgent && [<dt>{m.metaBrowser}</dt>, <dd>{row.userAgent.slice(0, 120)}</dd>]}
        </dl>
        {canReply && (
          <form method="post" action={`/admin/comments/${row.id}/reply`} class="admin-reply">
            <Hidden csrf={props.csrf} back={props.back} />
            <label for={`reply-${row.id}`}>
              {row.status === 'pending' ? m.deskReplyApproves : m.deskReplyLabel}
            </label>
            <textarea id={`reply-${row.id}`} name="body" rows={4} required></textarea>
            <button type="submit" data-action="reply" aria-describedby={headingId}>
              {m.deskReplyButton}
            </button>
          </form>
        )}
      </details>
      <p class="admin-signals">
        {signals.length > 0 && (
          <>
            <strong>{m.signalsLabel}</strong> {signals.join(' · ')}
          </>
        )}
      </p>
      <div class="admin-actions">
        {ACTIONS_FOR[row.status].map((action) => (
          <form method="post" action={`/admin/comments/${row.id}/${action}`}>
            <Hidden csrf={props.csrf} back={props.back} next={props.next} />
            <button
              type="submit"
              class={action === 'approve' ? '' : 'secondary'}
              data-action={action}
              aria-describedby={headingId}
              aria-keyshortcuts={KEY[action]}
            >
              {actionLabel(action)}
              {KEY[action] && (
                <kbd class="key" aria-hidden="true">
                  {KEY[action]}
                </kbd>
              )}
            </button>
          </form>
        ))}
        {canPin && (
          <form
            method="post"
            action={`/admin/comments/${row.id}/${row.pinnedAt ? 'unpin' : 'pin'}`}
          >
            <Hidden csrf={props.csrf} back={props.back} />
            <button
              type="submit"
              class="secondary"
              data-action={row.pinnedAt ? 'unpin' : 'pin'}
              aria-describedby={headingId}
            >
              {row.pinnedAt ? m.deskUnpin : m.deskPin}
            </button>
          </form>
        )}
      </div>
    </li>
  )
}
