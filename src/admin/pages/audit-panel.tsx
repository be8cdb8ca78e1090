import type { AuditEntry } from '../audit'
import { t } from '../../views/i18n'
import { formatDayTime } from '../../lib/dates'

/** The latest moderation actions, under the queue (the full log is the API's). */

const statusName = (status: string | null) =>
  status === null ? undefined : t().auditStatusName({ status })

export function AuditPanel(props: { entries: AuditEntry[] }) {
  return (
    <section aria-labelledby="audit-heading" class="admin-audit">
      <h2 id="audit-heading">{t().auditHeading}</h2>
      {props.entries.length === 0 ? (
        <p class="note">{t().auditNone}</p>
      ) : (
        <table>
          <caption class="visually-hidden">{t().auditCaption}</caption>
          <thead>
            <tr>
              <th scope="col">{t().auditWhen}</th>
              <th scope="col">{t().auditWho}</th>
              <th scope="col">{t().auditWhat}</th>
              <th scope="col">{t().auditComment}</th>
              <th scope="col">{t().auditStatus}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((entry) => (
              <tr>
                <td>
                  <time datetime={new Date(entry.at).toISOString()}>{formatDayTime(entry.at)}</time>
                </td>
                <td>{entry.actor}</td>
                <td>{t().auditAction({ action: entry.action })}</td>
                <td>{entry.commentId ? <code>{entry.commentId.slice(0, 10)}</code> : '—'}</td>
                <td>
                  {entry.beforeStatus || entry.afterStatus
                    ? `${statusName(entry.beforeStatus) ?? '—'} → ${statusName(entry.afterStatus) ?? t().auditDeleted}`
                    : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="note">
        {t().auditFullLog} <code>GET /api/admin/audit</code>.
      </p>
    </section>
  )
}
