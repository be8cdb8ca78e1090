import { COMMENT_STATUSES, type Comment } from '../../db/schema'
import { formatNumber, t } from '../../views/i18n'
import { Layout } from '../../views/layout'
import type { AuditEntry } from '../audit'
import type { ModerationAction } from '../moderate'
import type { ParentComment } from '../present'
import type { CommentQuery, StatusCounts } from '../store'
import { MAX_SEARCH } from '../validate'
import { AuditPanel } from './audit-panel'
import { actionLabel, ACTIONS_FOR, CommentItem, Hidden, statusLabel } from './comment-item'

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
      aria-label={t().filterComments}
    >
      <label>
        {t().filterSearch}{' '}
        <input
          class="field"
          type="search"
          name="q"
          value={query.q ?? ''}
          maxlength={MAX_SEARCH}
          placeholder={t().filterSearchPlaceholder}
        />
      </label>
      <label>
        {t().filterEssay}{' '}
        <select name="essay">
          <option value="">{t().allEssays}</option>
          {props.essays.map((essay) => (
            <option value={essay.slug} selected={essay.slug === query.essay}>
              {essay.title}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t().filterStatus}{' '}
        <select name="status">
          {COMMENT_STATUSES.map((status) => (
            <option value={status} selected={status === query.status}>
              {statusLabel(status)}
            </option>
          ))}
          <option value="all" selected={!query.status}>
            {t().statusAll}
          </option>
        </select>
      </label>
      <button type="submit" class="secondary">
        {t().filterButton}
      </button>
    </form>
  )
}

export function Dashboard(props: DashboardProps) {
  const { query, rows, counts } = props
  const heading = query.status
    ? t().statusComments({ status: statusLabel(query.status) })
    : t().allComments
  const bulkActions: ModerationAction[] = query.status
    ? ACTIONS_FOR[query.status]
    : ['approve', 'spam', 'trash', 'restore']
  return (
    <Layout
      meta={{
        title: t().moderationTitle,
        description: t().moderationDescription,
        canonical: `${props.siteUrl}/admin`,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
      scripts={props.script ? [props.script] : undefined}
      wide
    >
      <div class="admin admin-desk">
        <div class="admin-top">
          <h1>{t().moderationTitle}</h1>
          <div class="note">
            <a href="/admin/stats">{t().statsNav}</a> · {t().signedInAs({ actor: props.actor })}{' '}
            {props.canSignOut && (
              <form method="post" action="/admin/logout" class="inline">
                <input type="hidden" name="csrf" value={props.csrf} />
                <button type="submit" class="secondary">
                  {t().signOut}
                </button>
              </form>
            )}{' '}
            <form method="post" action="/admin/sign-out-everywhere" class="inline">
              <input type="hidden" name="csrf" value={props.csrf} />
              <button type="submit" class="secondary" title={t().signOutEverywhereTitle}>
                {t().signOutEverywhere}
              </button>
            </form>
            {/* Mail's Outbox (src/mail, under the same /admin gate); 404 while mail is off. */}
            {props.mailOn && <a href="/admin/outbox">Outbox</a>}
          </div>
        </div>
        <nav aria-label={t().commentStatusNav} class="admin-tabs">
          <ul>
            {COMMENT_STATUSES.map((status) => (
              <li>
                <a
                  href={dashboardUrl({ status, essay: query.essay, q: query.q })}
                  aria-current={status === query.status ? 'page' : undefined}
                >
                  {statusLabel(status)} <span class="count">{formatNumber(counts[status])}</span>
                </a>
              </li>
            ))}
            <li>
              <a
                href={dashboardUrl({ status: 'all', essay: query.essay, q: query.q })}
                aria-current={!query.status ? 'page' : undefined}
              >
                {t().statusAll}
              </a>
            </li>
          </ul>
        </nav>
        <Filters {...props} />
        <h2 id="queue-heading">
          {heading}{' '}
          <span class="count">
            {formatNumber(
              query.status
                ? counts[query.status]
                : Object.values(counts).reduce((a, b) => a + b, 0),
            )}
          </span>
        </h2>
        <p class="note admin-keys" hidden>
          {t().keysLabel} <kbd>j</kbd>/<kbd>k</kbd> {t().keysNextPrevious} <kbd>a</kbd>{' '}
          {t().keysApprove} <kbd>s</kbd> {t().keysSpam} <kbd>t</kbd> {t().keysTrash} <kbd>o</kbd>{' '}
          {t().keysOpen} <kbd>x</kbd> {t().keysSelect}
        </p>
        {rows.length === 0 ? (
          <p>
            {t().nothingInQueue} {query.status === 'pending' && t().queueEmpty}
          </p>
        ) : (
          <>
            <form
              method="post"
              action="/admin/comments/bulk"
              id="bulk"
              class="admin-bulk"
              aria-label={t().bulkActions}
            >
              <Hidden csrf={props.csrf} back={props.back} />
              <label class="admin-select-all" hidden>
                <input type="checkbox" id="select-all" /> {t().selectAllOnPage}
              </label>
              <label>
                {t().withSelected}{' '}
                <select name="action">
                  {bulkActions.map((action) => (
                    <option value={action}>{actionLabel(action)}</option>
                  ))}
                </select>
              </label>
              <button type="submit" class="secondary">
                {t().applyButton}
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
              {t().adminOlderComments}
            </a>
          </p>
        )}
        <AuditPanel entries={props.audit} />
      </div>
    </Layout>
  )
}
