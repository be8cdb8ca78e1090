import { HTTPException } from 'hono/http-exception'
import { NOTHING_HERE, pageNumber } from '../lib/route-params'
import { parseOr } from '../lib/schema'
import { formatNumber, t } from '../views/i18n'

/** One page of a newest-first list. */
export interface Paged<T> {
  items: readonly T[]
  /** 1-based. */
  page: number
  /** At least 1: an empty list still has its (empty) first page. */
  pages: number
}

/** How many pages `list` makes; the 404 page when `page` is past the last one. */
export function checkPage(list: readonly unknown[], page: number, perPage: number): number {
  const pages = Math.max(1, Math.ceil(list.length / perPage))
  if (page > pages) throw new HTTPException(404, { message: NOTHING_HERE })
  return pages
}

/** Page `page` of `list`, or the 404 page past the last one. */
export function pageOf<T>(list: readonly T[], page: number, perPage: number): Paged<T> {
  const pages = checkPage(list, page, perPage)
  return { items: list.slice((page - 1) * perPage, page * perPage), page, pages }
}

/** A ":page" path segment as its number ("2"); "0", "02", "-1", "x" are the 404 page. */
export const pageParam = (value: string | undefined) =>
  parseOr(pageNumber, value, { status: 404, message: NOTHING_HERE }) as number

/** `<link rel="prev|next">` for the <head>: absolute, like the canonical link. */
export function PagerLinks(props: {
  siteUrl: string
  paged: Paged<unknown>
  path: (page: number) => string
}) {
  const { page, pages } = props.paged
  return (
    <>
      {page > 1 && <link rel="prev" href={props.siteUrl + props.path(page - 1)} />}
      {page < pages && <link rel="next" href={props.siteUrl + props.path(page + 1)} />}
    </>
  )
}

/** Newer/older links between the pages of a list; nothing when the list fits on one page. */
export function Pager(props: { paged: Paged<unknown>; path: (page: number) => string }) {
  const { page, pages } = props.paged
  if (pages <= 1) return null
  const m = t()
  return (
    <nav class="pagination" aria-label={m.pagesLabel}>
      {page > 1 && (
        <a rel="prev" href={props.path(page - 1)}>
          {m.newerEssays}
        </a>
      )}{' '}
      <span>{m.pageOf({ page: formatNumber(page), pages: formatNumber(pages) })}</span>{' '}
      {page < pages && (
        <a rel="next" href={props.path(page + 1)}>
          {m.olderEssays}
        </a>
      )}
    </nav>
  )
}
