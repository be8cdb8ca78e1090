/** The paths WordPress answered for a post, so the old links redirect to its new slug. */
import { normalizeOldPath } from './redirects-file.ts'
import type { WxrItem } from './wxr.ts'

/** The paths WordPress answered for this post, mapped to its new slug. */
export function oldPermalinks(
  item: WxrItem,
  slug: string,
  siteUrl: string,
): Record<string, string> {
  const paths: Record<string, string> = {}
  const add = (path: string) => {
    const key = normalizeOldPath(path)
    if (!key.startsWith('/essays/') && key !== '/') paths[key] = slug
  }
  if (/^\d+$/.test(item.id)) {
    add(`/?p=${item.id}`)
    if (item.postType === 'page') add(`/?page_id=${item.id}`)
  }
  const wpSlug = item.postName
  if (wpSlug) {
    add(`/${wpSlug}/`)
    const local = item.date.match(/^(\d{4})-(\d{2})-(\d{2})/)
    if (item.postType === 'post' && local && local[1] !== '0000') {
      add(`/${local[1]}/${local[2]}/${local[3]}/${wpSlug}/`)
      add(`/${local[1]}/${local[2]}/${wpSlug}/`)
    }
  }
  // The permalink WordPress itself printed, whatever structure the site used (/blog/%postname%/, /archives/123...).
  try {
    const link = new URL(item.link)
    const site = siteUrl ? new URL(siteUrl) : null
    if (!site || link.host === site.host) {
      const base = site ? site.pathname.replace(/\/$/, '') : ''
      const path = link.pathname.startsWith(base)
        ? link.pathname.slice(base.length) || '/'
        : link.pathname
      if (path !== '/') add(path)
    }
  } catch {
    // No usable <link>; the standard forms above still apply.
  }
  return paths
}
