import { findEssay } from '../content/catalog'
import { commentAnchor, essayPath } from '../lib/urls'
import { formatNumber, t, translated } from '../views/i18n'
import { DateTime, Layout } from '../views/layout'
import { Snippet } from './highlight'
import { PAGE_SIZE, type SearchHit } from './store'

/** The search page: the form (with what was typed), a message or the results, and page links. */

export interface SearchView {
  siteUrl: string
  q: string
  page: number
  /** Shown instead of results: empty, over-long or nothing searchable. */
  message?: string
  hits?: SearchHit[]
  total?: number
}

export function searchPath(q: string, page = 1): string {
  const params = new URLSearchParams({ q })
  if (page > 1) params.set('page', String(page))
  return `/search?${params.toString()}`
}

function Hit(props: { hit: SearchHit }) {
  const { hit } = props
  const essay = findEssay(hit.slug)
  if (!essay) return null
  if (hit.kind === 'essay') {
    return (
      <li class="search-hit">
        <h2>
          <a href={essayPath(essay.slug)}>{essay.title}</a>
        </h2>
        <p class="snippet">
          <Snippet text={hit.snippet} />
        </p>
      </li>
    )
  }
  return (
    <li class="search-hit comment">
      <h2>
        <a href={essayPath(essay.slug, { hash: commentAnchor(hit.commentId!) })}>
          {t().commentOn({ author: hit.author ?? '', title: essay.title })}
        </a>
      </h2>
      {hit.createdAt !== null && (
        <div class="meta">
          <DateTime iso={new Date(hit.createdAt).toISOString()} />
        </div>
      )}
      <p class="snippet">
        <Snippet text={hit.snippet} />
      </p>
    </li>
  )
}

export function SearchPage(props: SearchView) {
  const { q, page, hits, total = 0 } = props
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE))
  const m = t()
  return (
    <Layout
      meta={{
        title: q ? m.searchTitleFor({ q }) : m.searchTitle,
        description: m.searchDescription,
        canonical: `${props.siteUrl}/search`,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
    >
      <h1>{m.searchTitle}</h1>
      <form role="search" method="get" action="/search" class="search">
        <label for="search-q">{m.searchFieldLabel}</label>{' '}
        <input id="search-q" type="search" name="q" value={q} />{' '}
        <button type="submit">{m.searchButton}</button>
      </form>
      {props.message !== undefined ? (
        <p class="search-message" role="status">
          {translated(props.message)}
        </p>
      ) : (
        <>
          <p class="search-message" role="status">
            {total === 0
              ? m.nothingFound({ q })
              : `${m.resultsFor({ total, totalText: formatNumber(total), q })}${pages > 1 ? m.resultsPage({ page: formatNumber(page), pages: formatNumber(pages) }) : ''}.`}
          </p>
          {hits && hits.length > 0 && (
            <ol class="search-results" start={(page - 1) * PAGE_SIZE + 1}>
              {hits.map((hit) => (
                <Hit hit={hit} />
              ))}
            </ol>
          )}
          {pages > 1 && (
            <nav class="pagination" aria-label={m.searchPages}>
              {page > 1 && (
                <a rel="prev" href={searchPath(q, page - 1)}>
                  {m.previousResults}
                </a>
              )}{' '}
              {page < pages && (
                <a rel="next" href={searchPath(q, page + 1)}>
                  {m.moreResults}
                </a>
              )}
            </nav>
          )}
        </>
      )}
    </Layout>
  )
}
