import type { Essay } from '../content/types'
import type { Tag } from '../content/catalog'
import { site } from '../generated/content'
import { essayPath, homePath, tagFeedPath, tagPath, tagsPath } from '../lib/urls'
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
              {essay.draft && <span class="draft">Draft</span>}
            </h2>
            <div class="meta">
              <DateTime iso={essay.date} /> · {essay.readingMinutes} min read
            </div>
            <p>{essay.description}</p>
          </li>
        ))}
      </ol>
      {props.essays.length === 0 && <p>No essays yet.</p>}
    </>
  )
}

const pageSuffix = (page: number) => (page > 1 ? `, page ${page}` : '')

/** `/` and `/page/N`. */
export function HomePage(props: { siteUrl: string; paged: Paged<Essay> }) {
  const { siteUrl, paged } = props
  const meta: PageMeta = {
    title: paged.page > 1 ? `Essays${pageSuffix(paged.page)}` : site.title,
    description: site.description,
    canonical: siteUrl + homePath(paged.page),
    siteUrl,
    head: <PagerLinks siteUrl={siteUrl} paged={paged} path={homePath} />,
  }
  return (
    <Layout meta={meta}>
      <h1 class={paged.page > 1 ? undefined : 'visually-hidden'}>Essays{pageSuffix(paged.page)}</h1>
      <EssayList essays={paged.items} />
      <Pager paged={paged} path={homePath} />
    </Layout>
  )
}

/** `/tags/:tag` and `/tags/:tag/page/N`, with the tag's own feeds in the <head>. */
export function TagPage(props: { siteUrl: string; tag: Tag; paged: Paged<Essay> }) {
  const { siteUrl, tag, paged } = props
  const path = (page: number) => tagPath(tag.slug, page)
  const heading = `Essays tagged “${tag.name}”${pageSuffix(paged.page)}`
  const meta: PageMeta = {
    title: heading,
    description: `${tag.essays.length} ${tag.essays.length === 1 ? 'essay' : 'essays'} tagged “${tag.name}” on ${site.title}.`,
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
        <a href={tagFeedPath(tag.slug, 'rss')}>RSS feed</a> ·{' '}
        <a href={tagFeedPath(tag.slug, 'atom')}>Atom feed</a> · <a href={tagsPath}>All tags</a>
      </p>
      <EssayList essays={paged.items} />
      <Pager paged={paged} path={path} />
    </Layout>
  )
}
