/** An essay as the build emits it: rendered HTML plus everything pages and feeds need. */
export interface Essay {
  slug: string
  title: string
  description: string
  /** ISO 8601 timestamps. */
  date: string
  updated: string
  author: string
  tags: string[]
  draft: boolean
  /** A standalone page (imported from WordPress) rather than a dated essay. */
  page: boolean
  /**
   * Rendered at build time from the author's Markdown: trusted, not reader input. "" in the
   * catalogue when the body lives in the static assets (`bodyAsset`): read it with
   * src/content/bodies.ts `withBody`, never `html` directly, wherever the body is shown.
   */
  html: string
  /**
   * Set by the build for a large blog (scripts/build/bodies.ts): the ASSETS path of this essay's
   * rendered body, named by its content hash. Absent when the body is in the bundle (`html`).
   */
  bodyAsset?: string
  wordCount: number
  readingMinutes: number
  /** Front matter `bluesky:`: the essay's Bluesky post (src/content/bluesky.ts), whose replies it shows. */
  bluesky?: string
}

/** Site identity, from content/site.json. */
export interface SiteInfo {
  title: string
  description: string
  author: string
  lang: string
  copyright: string
  /** Essays per listing page (home, tags): content/site.json "perPage", default 20. */
  perPage: number
  /** Essays in each feed, newest first: content/site.json "feedItems", default 20. */
  feedItems: number
}
