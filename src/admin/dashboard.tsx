import type { Child } from 'hono/jsx'
import { COMMENT_STATUSES, type Comment, type CommentStatus } from '../db/schema'
import { Layout } from '../views/layout'
import { excerpt } from './api'
import type { AuditEntry } from './audit'
import type { CommentQuery, ModerationAction, StatusCounts } from './store'
import { essayTitle } from './validate'

/** The moderation dashboard: server-rendered, every action a plain form, so it works without JavaScript. */

type Parent = Pick<Comment, 'id' | 'authorName' | 'body' | 'status'>

export interface DashboardProps {
  siteUrl: string
  csrf: string
  actor: string
  canSignOut: boolean
  query: CommentQuery
  /** This page's own URL (path + query), where actions send the moderator back. */
  back: string
  rows: Comment[]
  parents: Map<string, Parent>
  nextCursor: string | null
  counts: StatusCounts
  essays: { slug: string; title: string }[]
  audit: AuditEntry[]
  script?: string
}

const STATUS_LABEL: Record<CommentStatus, string> = {
  pending: 'Pending',
  approved: 'Approved',
  spam: 'Spam',
  trash: 'Trash',
}
const ACTION_LABEL: Record<ModerationAction, string> = {
  approve: 'Approve',
  spam: 'Spam',
  trash: 'Trash',
  restore: 'Restore',
  delete: 'Delete forever',
}
const ACTIONS_FOR: Record<CommentStatus, ModerationAction[]> = {
  pending: ['approve', 'spam', 'trash'],
  approved: ['spam', 'trash'],
  spam: ['approve', 'restore', 'trash'],
  trash: ['restore', 'approve', 'delete'],
}
// The keys admin.js binds; shown on the buttons so they can be discovered.
const KEY: Partial<Record<ModerationAction, string>> = { approve: 'a', spam: 's', trash: 't' }

/** A time as moderators read it: "2024-01-01 12:00 UTC". */
export const formatUtc = (ms: number) =>
  new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'

export function dashboardUrl(query: {
  status?: string
  essay?: string
  q?: string
  cursor?: string
}): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value)
  const search = params.toString()
  return `/admin${search ? `?${search}` : ''}`
}

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
      out.push(`${value} link${value === 1 ? '' : 's'}`)
    else if (Array.isArray(value)) out.push(`${key}: ${value.map(String).join(', ')}`)
    else if (key === 'policy') out.push(`held by policy (${String(value)})`)
    else if (value === true) out.push(key)
    else out.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
  }
  return out
}

function Hidden(props: { csrf: string; back: string; next?: string }) {
  return (
    <>
      <input type="hidden" name="csrf" value={props.csrf} />
      <input type="hidden" name="back" value={props.back} />
      {props.next && <input type="hidden" name="next" value={props.next} />}
    </>
  )
}

function CommentItem(props: {
  row: Comment
  parent?: Parent
  next?: string
  csrf: string
  back: string
}) {
  const { row } = props
  const headingId = `h-${row.id}`
  const signals = signalsText(row.spamSignals)
  return (
    <li id={`c-${row.id}`} class="admin-comment" tabindex={-1} aria-labelledby={headingId}>
      <div class="admin-row">
        <input
          type="checkbox"
          name="ids"
          value={row.id}
          form="bulk"
          id={`select-${row.id}`}
          aria-label={`Select the comment by ${row.authorName}`}
        />
        <h2 id={headingId}>
          {row.authorName} <span class="note">on</span>{' '}
          <a href={`/essays/${row.essaySlug}`}>{essayTitle(row.essaySlug)}</a>{' '}
          <span class={`status status-${row.status}`}>{STATUS_LABEL[row.status]}</span>
        </h2>
      </div>
      <dl class="admin-meta">
        <dt>Email</dt>
        <dd>
          {row.authorEmail ? <a href={`mailto:${row.authorEmail}`}>{row.authorEmail}</a> : '—'}
        </dd>
        <dt>Website</dt>
        <dd>
          {row.authorUrl ? (
            <a href={row.authorUrl} rel="nofollow noopener noreferrer">
              {row.authorUrl}
            </a>
          ) : (
            '—'
          )}
        </dd>
        <dt>Time</dt>
        <dd>
          <time datetime={new Date(row.createdAt).toISOString()}>{formatUtc(row.createdAt)}</time>
        </dd>
        {row.ipHash && [
          <dt>IP hash</dt>,
          <dd>
            <code>{row.ipHash.slice(0, 12)}</code>
          </dd>,
        ]}
        {row.userAgent && [<dt>Browser</dt>, <dd>{row.userAgent.slice(0, 120)}</dd>]}
      </dl>
      {row.parentId && (
        <p class="admin-parent">
          In reply to{' '}
          {props.parent ? (
            <>
              <strong>{props.parent.authorName}</strong> ({props.parent.status}): “
              {excerpt(props.parent.body, 140)}”
            </>
          ) : (
            'a comment that no longer exists'
          )}
        </p>
      )}
      <div class="admin-body">{row.body}</div>
      {signals.length > 0 && (
        <p class="admin-signals">
          <strong>Signals:</strong> {signals.join(' · ')}
        </p>
      )}
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
              {ACTION_LABEL[action]}
              {KEY[action] && (
                <kbd class="key" aria-hidden="true">
                  {KEY[action]}
                </kbd>
              )}
            </button>
          </form>
        ))}
      </div>
    </li>
  )
}

function Filters(props: DashboardProps) {
  const { query } = props
  return (
    <form
      method="get"
      action="/admin"
      role="search"
      class="admin-filters"
      aria-label="Filter comments"
    >
      <label>
        Search{' '}
        <input
          class="field"
          type="search"
          name="q"
          value={query.q ?? ''}
          maxlength={200}
          placeholder="name, email or text"
        />
      </label>
      <label>
        Essay{' '}
        <select name="essay">
          <option value="">All essays</option>
          {props.essays.map((essay) => (
            <option value={essay.slug} selected={essay.slug === query.essay}>
              {essay.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status{' '}
        <select name="status">
          {COMMENT_STATUSES.map((status) => (
            <option value={status} selected={status === query.status}>
              {STATUS_LABEL[status]}
            </option>
          ))}
          <option value="all" selected={!query.status}>
            All
          </option>
        </select>
      </label>
      <button type="submit" class="secondary">
        Filter
      </button>
    </form>
  )
}

function AuditPanel(props: { entries: AuditEntry[] }) {
  return (
    <section aria-labelledby="audit-heading" class="admin-audit">
      <h2 id="audit-heading">Audit log</h2>
      {props.entries.length === 0 ? (
        <p class="note">No moderation yet.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Latest moderation actions, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Comment</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((entry) => (
              <tr>
                <td>
                  <time datetime={new Date(entry.at).toISOString()}>{formatUtc(entry.at)}</time>
                </td>
                <td>{entry.actor}</td>
                <td>{entry.action}</td>
                <td>{entry.commentId ? <code>{entry.commentId.slice(0, 10)}</code> : '—'}</td>
                <td>
                  {entry.beforeStatus || entry.afterStatus
                    ? `${entry.beforeStatus ?? '—'} → ${entry.afterStatus ?? 'deleted'}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="note">
        The full log: <code>GET /api/admin/audit</code>.
      </p>
    </section>
  )
}

export function Dashboard(props: DashboardProps) {
  const { query, rows, counts } = props
  const heading = query.status ? `${STATUS_LABEL[query.status]} comments` : 'All comments'
  const bulkActions: ModerationAction[] = query.status
    ? ACTIONS_FOR[query.status]
    : ['approve', 'spam', 'trash', 'restore']
  return (
    <Layout
      meta={{
        title: 'Moderation',
        description: 'Comment moderation',
        canonical: `${props.siteUrl}/admin`,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
      scripts={props.script ? [props.script] : undefined}
    >
      <div class="admin">
        <div class="admin-top">
          <h1>Moderation</h1>
          <div class="note">
            Signed in as {props.actor}.{' '}
            {props.canSignOut && (
              <form method="post" action="/admin/logout" class="inline">
                <input type="hidden" name="csrf" value={props.csrf} />
                <button type="submit" class="secondary">
                  Sign out
                </button>
              </form>
            )}{' '}
            <form method="post" action="/admin/sign-out-everywhere" class="inline">
              <input type="hidden" name="csrf" value={props.csrf} />
              <button
                type="submit"
                class="secondary"
                title="Ends every browser session signed in with the admin token, this one included"
              >
                Sign out everywhere
              </button>
            </form>
          </div>
        </div>
        <nav aria-label="Comment status" class="admin-tabs">
          <ul>
            {COMMENT_STATUSES.map((status) => (
              <li>
                <a
                  href={dashboardUrl({ status, essay: query.essay, q: query.q })}
                  aria-current={status === query.status ? 'page' : undefined}
                >
                  {STATUS_LABEL[status]} <span class="count">{counts[status]}</span>
                </a>
              </li>
            ))}
            <li>
              <a
                href={dashboardUrl({ status: 'all', essay: query.essay, q: query.q })}
                aria-current={!query.status ? 'page' : undefined}
              >
                All
              </a>
            </li>
          </ul>
        </nav>
        <Filters {...props} />
        <h2 id="queue-heading">
          {heading}{' '}
          <span class="count">
            {query.status ? counts[query.status] : Object.values(counts).reduce((a, b) => a + b, 0)}
          </span>
        </h2>
        <p class="note admin-keys" hidden>
          Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous, <kbd>a</kbd> approve, <kbd>s</kbd> spam,{' '}
          <kbd>t</kbd> trash, <kbd>x</kbd> select.
        </p>
        {rows.length === 0 ? (
          <p>Nothing here. {query.status === 'pending' && 'The queue is empty.'}</p>
        ) : (
          <>
            <form
              method="post"
              action="/admin/comments/bulk"
              id="bulk"
              class="admin-bulk"
              aria-label="Bulk actions"
            >
              <Hidden csrf={props.csrf} back={props.back} />
              <label class="admin-select-all" hidden>
                <input type="checkbox" id="select-all" /> Select all on this page
              </label>
              <label>
                With selected{' '}
                <select name="action">
                  {bulkActions.map((action) => (
                    <option value={action}>{ACTION_LABEL[action]}</option>
                  ))}
                </select>
              </label>
              <button type="submit" class="secondary">
                Apply
              </button>
            </form>
            <ol class="admin-queue" aria-labelledby="queue-heading">
              {rows.map((row, i) => (
                <CommentItem
                  row={row}
                  parent={row.parentId ? props.parents.get(row.parentId) : undefined}
                  next={(rows[i + 1] ?? rows[i - 1])?.id}
                  csrf={props.csrf}
                  back={props.back}
                />
              ))}
            </ol>
          </>
        )}
        {props.nextCursor && (
          <p>
            <a
              href={dashboardUrl({
                status: query.status ?? 'all',
                essay: query.essay,
                q: query.q,
                cursor: props.nextCursor,
              })}
              rel="next"
            >
              Older comments →
            </a>
          </p>
        )}
        <AuditPanel entries={props.audit} />
      </div>
    </Layout>
  )
}

export function LoginPage(props: {
  siteUrl: string
  next: string
  error?: string
  tokenLogin: boolean
}): Child {
  return (
    <Layout
      meta={{
        title: 'Sign in',
        description: 'Moderators sign in',
        canonical: `${props.siteUrl}/admin/login`,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
    >
      <h1>Sign in to moderate</h1>
      {props.tokenLogin ? (
        <form method="post" action="/admin/login" class="admin-login">
          {props.error && (
            <p class="error" role="alert" id="login-error">
              {props.error}
            </p>
          )}
          <input type="hidden" name="next" value={props.next} />
          <label for="token">Admin token</label>
          <input
            class="field"
            type="password"
            id="token"
            name="token"
            required
            autocomplete="current-password"
            aria-describedby={props.error ? 'login-error token-help' : 'token-help'}
            autofocus
          />
          <p class="note" id="token-help">
            The <code>ADMIN_TOKEN</code> secret. Locally, <code>npm start</code> put one in{' '}
            <code>.dev.vars</code>.
          </p>
          <button type="submit">Sign in</button>
        </form>
      ) : (
        <p>
          This site signs moderators in through Cloudflare Access: open <a href="/admin">/admin</a>{' '}
          through your Access login.
        </p>
      )}
    </Layout>
  )
}
