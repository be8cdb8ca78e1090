import type { Essay } from '../content/types'
import { site } from '../generated/content'
import { archivePath, essayPath } from '../lib/urls'
import { formatMonth } from '../lib/dates'
import { t } from '../views/i18n'
import { DateTime, Layout } from '../views/layout'

export interface ArchiveYear {
  year: string
  months: Array<{ month: string; label: string; essays: Essay[] }>
}

/** Newest-first essays grouped by UTC year, then month ("2023", "2023-01"), both newest first. */
export function archiveYears(essays: readonly Essay[]): ArchiveYear[] {
  const years: ArchiveYear[] = []
  for (const essay of essays) {
    const year = essay.date.slice(0, 4)
    const month = essay.date.slice(0, 7)
    let last = years.at(-1)
    if (last?.year !== year) years.push((last = { year, months: [] }))
    let group = last.months.at(-1)
    if (group?.month !== month) {
      group = { month, label: formatMonth(`${month}-01T00:00:00Z`), essays: [] }
      last.months.push(group)
    }
    group.essays.push(essay)
  }
  return years
}

/** `/archive`: every dated essay under its year and month headings. */
export function ArchivePage(props: { siteUrl: string; essays: readonly Essay[] }) {
  const { siteUrl } = props
  const meta = {
    title: t().archiveTitle,
    description: t().archiveDescription({ site: site.title }),
    canonical: siteUrl + archivePath,
    siteUrl,
  }
  return (
    <Layout meta={meta}>
      <h1>{t().archiveTitle}</h1>
      {archiveYears(props.essays).map(({ year, months }) => (
        <section class="archive-year" aria-labelledby={`year-${year}`}>
          <h2 id={`year-${year}`}>{year}</h2>
          {months.map(({ month, label, essays }) => (
            <section aria-labelledby={`month-${month}`}>
              <h3 id={`month-${month}`}>{label}</h3>
              <ul class="archive">
                {essays.map((essay) => (
                  <li>
                    <a href={essayPath(essay.slug)}>{essay.title}</a>{' '}
                    <span class="meta">
                      <DateTime iso={essay.date} />
                    </span>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </section>
      ))}
      {props.essays.length === 0 && <p>{t().noEssays}</p>}
    </Layout>
  )
}
