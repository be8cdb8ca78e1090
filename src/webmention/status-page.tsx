import type { ReceivedRow } from './store'
import { Layout } from '../views/layout'
import { t } from '../views/i18n'

/** What a sender (or anyone holding the unguessable link) learns about one Webmention. */
export function StatusPage(props: { row: ReceivedRow; siteUrl: string; canonical: string }) {
  const { row } = props
  const m = t()
  const said = {
    queued: m.webmentionQueued,
    accepted: m.webmentionAccepted,
    removed: m.webmentionRemoved,
    rejected: m.webmentionRejected,
    failed: m.webmentionFailed,
  }[row.status]
  return (
    <Layout
      meta={{
        title: m.webmentionStatusTitle,
        description: m.webmentionStatusTitle,
        canonical: props.canonical,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
    >
      <h1>{m.webmentionStatusTitle}</h1>
      <p class="webmention-status" data-status={row.status}>
        {said}
        {row.detail && <> ({row.detail})</>}
      </p>
      <dl>
        <dt>{m.webmentionSource}</dt>
        <dd>{row.source}</dd>
        <dt>{m.webmentionTarget}</dt>
        <dd>
          <a href={row.target}>{row.target}</a>
        </dd>
        {row.kind && (
          <>
            <dt>{m.webmentionKind}</dt>
            <dd>{row.kind}</dd>
          </>
        )}
      </dl>
    </Layout>
  )
}
