import type { CommentOrigin } from '../../db/schema'
import { essayPath } from '../../lib/urls'
import { NETWORK_NAMES } from '../../share/networks'
import { formatDay } from '../../lib/dates'
import { t } from '../../views/i18n'
import { Layout } from '../../views/layout'
import { essayTitle } from '../present'
import type { DaySeries, Stats } from '../stats'
import { BarChart, DayChart, type Part } from './charts'

/** /admin/stats: what people would rather see than read, as charts with their numbers beside them. */

function sourceLabel(origin: CommentOrigin): string {
  const m = t()
  const labels: Record<CommentOrigin, string> = {
    form: m.sourceForm,
    import: m.sourceImport,
    email: m.sourceEmail,
    fediverse: m.sourceFediverse,
    webmention: m.sourceWebmention,
    bluesky: m.sourceBluesky,
  }
  return labels[origin]
}

const partsOf = (series: DaySeries): Part[] =>
  (Object.entries(series.bySource) as [CommentOrigin, number[]][]).map(([key, values]) => ({
    key,
    label: sourceLabel(key),
    values,
  }))

const networkName = (network: string) =>
  network === 'email'
    ? t().networkEmail
    : ((NETWORK_NAMES as Record<string, string>)[network] ?? network)

export function StatsPage(props: { siteUrl: string; stats: Stats }) {
  const { stats } = props
  const m = t()
  const nothing = <p class="note">{m.statsNothing}</p>
  return (
    <Layout
      meta={{
        title: m.statsTitle,
        description: m.statsDescription,
        canonical: `${props.siteUrl}/admin/stats`,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
      wide
    >
      <div class="admin admin-stats">
        <div class="admin-top">
          <h1>{m.statsTitle}</h1>
          <p class="note">
            <a href="/admin">{m.moderationTitle}</a>
          </p>
        </div>
        <p>{m.statsIntro({ from: formatDay(stats.from), to: formatDay(stats.to) })}</p>
        <section aria-labelledby="stats-comments">
          <h2 id="stats-comments">{m.statsCommentsHeading}</h2>
          {stats.comments.total ? (
            <DayChart
              id="chart-comments"
              title={m.statsCommentsHeading}
              days={stats.comments.days}
              parts={partsOf(stats.comments)}
            />
          ) : (
            nothing
          )}
        </section>
        <section aria-labelledby="stats-responses">
          <h2 id="stats-responses">{m.statsResponsesHeading}</h2>
          {stats.responses.total ? (
            <DayChart
              id="chart-responses"
              title={m.statsResponsesHeading}
              days={stats.responses.days}
              parts={partsOf(stats.responses)}
            />
          ) : (
            nothing
          )}
        </section>
        <section aria-labelledby="stats-shares">
          <h2 id="stats-shares">{m.statsSharesHeading}</h2>
          {stats.shares.length ? (
            <BarChart
              id="chart-shares"
              title={m.statsSharesHeading}
              headings={[m.statsNetwork, m.statsClicks]}
              rows={stats.shares.map((row) => ({
                label: networkName(row.network),
                value: row.clicks,
              }))}
            />
          ) : (
            nothing
          )}
        </section>
        <section aria-labelledby="stats-essays">
          <h2 id="stats-essays">{m.statsEssaysHeading}</h2>
          {stats.essays.length ? (
            <BarChart
              id="chart-essays"
              title={m.statsEssaysHeading}
              headings={[m.statsEssay, m.statsComments]}
              rows={stats.essays.map((row) => ({
                label: essayTitle(row.slug),
                value: row.comments,
                href: essayPath(row.slug),
              }))}
            />
          ) : (
            nothing
          )}
        </section>
      </div>
    </Layout>
  )
}
