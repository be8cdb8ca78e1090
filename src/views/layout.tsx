import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { site, styles } from '../generated/content'
import { formatDay } from '../lib/dates'
import { siteDir, siteLang, t } from './i18n'

export interface PageMeta {
  title: string
  description: string
  /** Absolute canonical URL of this page. */
  canonical: string
  siteUrl: string
  type?: 'website' | 'article'
  /** Absolute image URL for social cards, with its size and text alternative. */
  image?: { url: string; width: number; height: number; alt: string }
  /** Structured data, serialised into a JSON-LD block. */
  jsonLd?: Record<string, unknown>
  noindex?: boolean
  /** Extra <head> content (e.g. a per-essay comments feed). */
  head?: Child
}

/** JSON inside <script> must not be able to close the element: escape '<' (and U+2028/9). */
function jsonForScript(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

export function Layout(props: {
  meta: PageMeta
  children: Child
  scripts?: string[]
  /** Leave the reading column at desktop widths (the moderation desk, the stats page). */
  wide?: boolean
}) {
  const { meta } = props
  const m = t()
  const pageTitle = meta.title === site.title ? site.title : `${meta.title} · ${site.title}`
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang={siteLang()} dir={siteDir() === 'rtl' ? 'rtl' : undefined}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{pageTitle}</title>
          <meta name="description" content={meta.description} />
          {meta.noindex && <meta name="robots" content="noindex" />}
          <link rel="canonical" href={meta.canonical} />
          <link
            rel="alternate"
            type="application/rss+xml"
            title={`${site.title} (RSS)`}
            href={`${meta.siteUrl}/feed.xml`}
          />
          <link
            rel="alternate"
            type="application/atom+xml"
            title={`${site.title} (Atom)`}
            href={`${meta.siteUrl}/atom.xml`}
          />
          <link
            rel="alternate"
            type="application/feed+json"
            title={`${site.title} (JSON Feed)`}
            href={`${meta.siteUrl}/feed.json`}
          />
          <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
          <meta name="color-scheme" content="light dark" />
          <meta property="og:site_name" content={site.title} />
          <meta property="og:type" content={meta.type ?? 'website'} />
          <meta property="og:title" content={meta.title} />
          <meta property="og:description" content={meta.description} />
          <meta property="og:url" content={meta.canonical} />
          {meta.image && [
            <meta property="og:image" content={meta.image.url} />,
            <meta property="og:image:width" content={String(meta.image.width)} />,
            <meta property="og:image:height" content={String(meta.image.height)} />,
            <meta property="og:image:alt" content={meta.image.alt} />,
          ]}
          <meta name="twitter:card" content={meta.image ? 'summary_large_image' : 'summary'} />
          <meta name="twitter:title" content={meta.title} />
          <meta name="twitter:description" content={meta.description} />
          {meta.image && [
            <meta name="twitter:image" content={meta.image.url} />,
            <meta name="twitter:image:alt" content={meta.image.alt} />,
          ]}
          {meta.head}
          {meta.jsonLd && (
            <script
              type="application/ld+json"
              dangerouslySetInnerHTML={{ __html: jsonForScript(meta.jsonLd) }}
            />
          )}
          <style dangerouslySetInnerHTML={{ __html: styles.css }} />
        </head>
        <body>
          <a class="skip" href="#main">
            {m.skipToContent}
          </a>
          <header class="site">
            <div class="wrap">
              <a class="brand" href="/">
                {site.title}
              </a>
              <nav class="site" aria-label={m.navSite}>
                <a href="/">{m.navEssays}</a>
                <a href="/tags">{m.navTags}</a>
                <a href="/archive">{m.navArchive}</a>
                <a href="/feed.xml">{m.navFeed}</a>
              </nav>
              <form class="site-search" role="search" method="get" action="/search">
                <label for="site-search-q">{m.searchLabel}</label>{' '}
                <input id="site-search-q" type="search" name="q" />{' '}
                <button type="submit">{m.searchGo}</button>
              </form>
            </div>
          </header>
          <main id="main" class={props.wide ? 'wrap wide' : 'wrap'}>
            {props.children}
          </main>
          <footer class="site">
            <div class="wrap">
              <p>{site.copyright}</p>
              <nav aria-label={m.navFeeds}>
                <a href="/feed.xml">RSS</a> · <a href="/atom.xml">Atom</a> ·{' '}
                <a href="/feed.json">JSON Feed</a>
              </nav>
            </div>
          </footer>
          {props.scripts?.map((code) => (
            <script dangerouslySetInnerHTML={{ __html: code }} />
          ))}
        </body>
      </html>
    </>
  )
}

export function DateTime(props: { iso: string }) {
  return <time datetime={props.iso}>{formatDay(props.iso)}</time>
}
