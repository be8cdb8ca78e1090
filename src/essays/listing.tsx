import { raw } from 'hono/html'
import { countMarker } from './listing-counts'
import type { Essay } from '../content/types'
import type { Tag } from '../content/catalog'
import { site } from '../generated/content'
import { essayPath, homePath, tagFeedPath, tagPath, tagsPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'
import { DateTime, Layout, type PageMeta } from '../views/layout'
import { Pager, PagerLinks, type Paged } from './pagination'

/** The essays of one listing page, newest first: title, date, reading time, description. */
export function EssayList(props: { essays: readonly Essay[] }) {
  return (
    <>
      <ol class="essays">
        {props.essays.map((essay) => (
          <li>
            <h2>
              <a href={essayPath(essay.slug)}>{essay.title}</a>{' '}
              {essay.draft && <span class="draft">{t().draft}</span>}
            </h2>
            <div class="meta">
              <DateTime iso={essay.date} /> ·{' '}
              {t().minRead({ minutes: formatNumber(essay.readingMinutes) })}
              {/* "· 12 comments", filled per request from a minute-old count (listing-counts.ts). */}
              {raw(countMarker(essay.slug))}
            </div>
            <p>{essay.description}</p>
          </li>
        ))}
      </ol>
      {props.essays.length === 0 && <p>{t().noEssays}</p>}
    </>
  )
}

const pageSuffix = (page: number) => (page > 1 ? t().pageSuffix({ page: formatNumber(page) }) : '')

/** `/` and `/page/N`. */
export function HomePage(props: { siteUrl: string; paged: Paged<Essay> }) {
  const { siteUrl, paged } = props
  const meta: PageMeta = {
    title: paged.page > 1 ? `${t().essaysHeading}${pageSuffix(paged.page)}` : site.title,
    description: site.description,
    canonical: siteUrl + homePath(paged.page),
    siteUrl,
    head: <PagerLinks siteUrl={siteUrl} paged={paged} path={homePath} />,
  }
  return (
    <Layout meta={meta}>
      <h1 class={paged.page > 1 ? undefined : 'visually-hidden'}>
        {t().essaysHeading}
        {pageSuffix(paged.page)}
      </h1>
      <EssayList essays={paged.items} />
      <Pager paged={paged} path={homePath} />
    </Layout>
  )
}

/** `/tags/:tag` and `/tags/:tag/page/N`, with the tag's own feeds in the <head>. */
export function TagPage(props: { siteUrl: string; tag: Tag; paged: Paged<Essay> }) {
  const { siteUrl, tag, paged } = props
  const path = (page: number) => tagPath(tag.slug, page)
  const m = t()
  const heading = `${m.taggedHeading({ tag: tag.name })}${pageSuffix(paged.page)}`
  const meta: PageMeta = {
    title: heading,
    description: m.taggedDescription({
      count: tag.essays.length,
      countText: formatNumber(tag.essays.length),
      tag: tag.name,
      site: site.title,
    }),
    canonical: siteUrl + path(paged.page),
    siteUrl,
    head: (
      <>
        <PagerLinks siteUrl={siteUrl} paged={paged} path={path} />
        <link
          rel="alternate"
          type="application/rss+xml"
          title={`${site.title}: ${tag.name} (RSS)`}
          href={siteUrl + tagFeedPath(tag.slug, 'rss')}
        />
        <link
          rel="alternate"
          type="application/atom+xml"
          title={`${site.title}: ${tag.name} (Atom)`}
          href={siteUrl + tagFeedPath(tag.slug, 'atom')}
        />
      </>
    ),
  }
  return (
    <Layout meta={meta}>
      <h1>{heading}</h1>
      <p class="meta">
        <a href={tagFeedPath(tag.slug, 'rss')}>{m.rssFeed}</a> ·{' '}
        <a href={tagFeedPath(tag.slug, 'atom')}>{m.atomFeed}</a> ·{' '}
        <a href={tagsPath}>{m.allTags}</a>
      </p>
      <EssayList essays={paged.items} />
      <Pager paged={paged} path={path} />
    </Layout>
  )
}
