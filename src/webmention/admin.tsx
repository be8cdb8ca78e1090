import { Hono } from 'hono'
import { absoluteUrl, config } from '../config'
import type { AppEnv } from '../env'
import { privateNoStore } from '../lib/cache'
import { formatDayTime } from '../lib/dates'
import { Layout } from '../views/layout'
import { t } from '../views/i18n'
import { listReceived } from './store'

/**
 * /admin/webmentions (behind the /admin/* gate in src/index.ts): the newest Webmentions received and
 * sent, and the Bluesky threads being read. Read-only; the replies themselves are moderated in the
 * admin's queue like every comment.
 */

interface SentRow {
  essay_slug: string
  target: string
  status: string
  endpoint: string | null
  http_status: number | null
  detail: string | null
  removed: number
  updated_at: number
}

interface ThreadRow {
  essay_slug: string
  post: string
  status: string
  detail: string | null
  polled_at: number
  like_count: number
  repost_count: number
  reply_count: number
}

const day = (ms: number) => formatDayTime(ms)

export const webmentionAdmin = new Hono<AppEnv>().get('/webmentions', async (c) => {
  const db = c.env.DB
  const [received, sent, threads] = await Promise.all([
    listReceived(db, 100),
    db.prepare(`SELECT * FROM webmentions_sent ORDER BY updated_at DESC LIMIT 100`).all<SentRow>(),
    db.prepare(`SELECT * FROM bluesky_threads ORDER BY essay_slug`).all<ThreadRow>(),
  ])
  const m = t()
  privateNoStore(c)
  return c.html(
    <Layout
      meta={{
        title: m.webmentionsTitle,
        description: m.webmentionsTitle,
        canonical: absoluteUrl(c.env, '/admin/webmentions'),
        siteUrl: config(c.env).siteUrl,
        noindex: true,
      }}
    >
      <h1>{m.webmentionsTitle}</h1>
      <h2>{m.webmentionsReceived}</h2>
      {received.results.length === 0 ? (
        <p>{m.webmentionNone}</p>
      ) : (
        <table class="webmentions-received">
          {received.results.map((row) => (
            <tr data-status={row.status}>
              <td>{day(row.updated_at)}</td>
              <td>{row.essay_slug}</td>
              <td>{row.source}</td>
              <td>{row.status}</td>
              <td>{row.kind ?? ''}</td>
              <td>{row.detail ?? ''}</td>
            </tr>
          ))}
        </table>
      )}
      <h2>{m.webmentionsSent}</h2>
      {sent.results.length === 0 ? (
        <p>{m.webmentionNone}</p>
      ) : (
        <table class="webmentions-sent">
          {sent.results.map((row) => (
            <tr data-status={row.status}>
              <td>{day(row.updated_at)}</td>
              <td>{row.essay_slug}</td>
              <td>{row.target}</td>
              <td>
                {row.status}
                {row.removed ? ' (removed)' : ''}
              </td>
              <td>{row.http_status ?? ''}</td>
              <td>{row.endpoint ?? row.detail ?? ''}</td>
            </tr>
          ))}
        </table>
      )}
      <h2>{m.blueskyThreads}</h2>
      {threads.results.length === 0 ? (
        <p>{m.webmentionNone}</p>
      ) : (
        <table class="bluesky-threads">
          {threads.results.map((row) => (
            <tr data-status={row.status}>
              <td>{row.essay_slug}</td>
              <td>{row.post}</td>
              <td>{row.status}</td>
              <td>{row.polled_at ? day(row.polled_at) : ''}</td>
              <td>
                {row.reply_count} / {row.like_count} / {row.repost_count}
              </td>
              <td>{row.detail ?? ''}</td>
            </tr>
          ))}
        </table>
      )}
    </Layout>,
  )
})
