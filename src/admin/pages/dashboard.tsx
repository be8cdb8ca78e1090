import { COMMENT_STATUSES, type Comment } from '../../db/schema'
import { Layout } from '../../views/layout'
import type { AuditEntry } from '../audit'
import type { ModerationAction } from '../moderate'
import type { ParentComment } from '../present'
import type { CommentQuery, StatusCounts } from '../store'
import { MAX_SEARCH } from '../validate'
import { AuditPanel } from './audit-panel'
import { ACTION_LABEL, ACTIONS_FOR, CommentItem, Hidden, STATUS_LABEL } from './comment-item'

/** The moderation dashboard: server-rendered, every action a plain form, so it works without JavaScript. */

export interface DashboardProps {
  siteUrl: string
  csrf: string
  actor: string
  canSignOut: boolean
  query: CommentQuery
  /** This page's own URL (path + query), where actions send the moderator back. */
  back: string
  rows: Comment[]
  parents: Map<string, ParentComment>
  nextCursor: string | null
  counts: StatusCounts
  essays: { slug: string; title: string }[]
  audit: AuditEntry[]
  script?: string
  /** Mail is configured: link its Outbox. */
  mailOn?: boolean
}

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
          maxlength={MAX_SEARCH}
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
            {/* Mail's Outbox (src/mail, under the same /admin gate); 404 while mail is off. */}
            {props.mailOn && <a href="/admin/outbox">Outbox</a>}
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
