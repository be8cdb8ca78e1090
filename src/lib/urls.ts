/**
 * The one place essay URLs are spelled. Paths are site-relative ("/essays/x?cpage=2#respond");
 * `absoluteUrl(env, path)` in src/config.ts puts SITE_URL in front for feeds, canonicals and mail.
 */

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
  return `/essays/${slug}${query ? `?${query}` : ''}${options.hash ? `#${options.hash}` : ''}`
}

/** The comments feed of one essay. */
export const commentsFeedPath = (slug: string) => `/essays/${slug}/comments.xml`

/** A comment's anchor on its essay page. */
export const commentAnchor = (id: string) => `comment-${id}`
