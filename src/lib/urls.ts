/**
 * The one place essay URLs are spelled. Paths are site-relative ("/essays/x?cpage=2#respond");
 * `absoluteUrl(env, path)` in src/config.ts puts SITE_URL in front for feeds, canonicals and mail.
 * Slugs may be in any script ("επίπεδο-3"): each is one percent-encoded path segment here
 * ("/essays/%CE%B5%CF%80…-3"), so links, canonicals, feeds and sitemaps carry plain ASCII URLs;
 * the router decodes them again (Hono decodes path parameters). ASCII slugs are unchanged.
 */

/** A slug as one path segment: percent-encoded UTF-8 (a no-op for ASCII slugs). */
export const slugSegment = (slug: string) => encodeURIComponent(slug)

export interface EssayPathOptions {
  /** A comment page (?cpage=N); omitted for the newest page. */
  cpage?: number | null
  /** Extra query parameters, in order; undefined values are left out. */
  query?: Record<string, string | number | undefined>
  /** Fragment without "#", e.g. "respond" or "comment-<id>". */
  hash?: string
}

export function essayPath(slug: string, options: EssayPathOptions = {}): string {
  const params = new URLSearchParams()
  if (options.cpage) params.set('cpage', String(options.cpage))
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) params.set(name, String(value))
  }
  const query = params.toString()
  return `/essays/${slugSegment(slug)}${query ? `?${query}` : ''}${options.hash ? `#${options.hash}` : ''}`
}

/** The comments feed of one essay. */
export const commentsFeedPath = (slug: string) => `/essays/${slugSegment(slug)}/comments.xml`

/** A comment's edit page (its author's, within the edit window); the signed token rides in ?token. */
export const commentEditPath = (slug: string, id: string, token?: string) =>
  `/essays/${slugSegment(slug)}/comments/${encodeURIComponent(id)}/edit${token ? `?token=${encodeURIComponent(token)}` : ''}`

/** A comment's anchor on its essay page. */
export const commentAnchor = (id: string) => `comment-${id}`

/** A page of the home page's list: "/" for the first, "/page/N" after it. */
export const homePath = (page = 1) => (page > 1 ? `/page/${page}` : '/')

/** The index of every tag. */
export const tagsPath = '/tags'

/** A page of one tag's essays: "/tags/x" for the first, "/tags/x/page/N" after it. */
export const tagPath = (slug: string, page = 1) =>
  `/tags/${slugSegment(slug)}${page > 1 ? `/page/${page}` : ''}`

/** One tag's RSS or Atom feed. */
export const tagFeedPath = (slug: string, format: 'rss' | 'atom') =>
  `/tags/${slugSegment(slug)}/${format === 'rss' ? 'feed.xml' : 'atom.xml'}`

/** Every essay by year and month. */
export const archivePath = '/archive'

/** The sitemap, or its Nth child (1-based) when the site outgrows one file. */
export const sitemapPath = (child?: number) => (child ? `/sitemaps/${child}.xml` : '/sitemap.xml')

/** The Webmention endpoint (src/webmention), advertised on every essay page. */
export const webmentionPath = '/webmention'
