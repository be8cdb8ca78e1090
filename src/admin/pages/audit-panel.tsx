import type { AuditEntry } from '../audit'
import { formatUtc } from '../present'

/** The latest moderation actions, under the queue (the full log is the API's). */

export function AuditPanel(props: { entries: AuditEntry[] }) {
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
