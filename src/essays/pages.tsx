import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import { DateTime, Layout, type PageMeta } from '../views/layout'
import type { Essay } from '../content/types'
import { siteCatalog } from '../content/catalog'
import { tagPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'

/** Where the reader-facing features plug into an essay page. */
export interface EssaySlots {
  comments?: Child
  respond?: Child
  share?: Child
  scripts?: string[]
  /** "12 comments" (src/comments), linked to the thread. */
  commentCount?: Child
}

export function EssayPage(props: { meta: PageMeta; essay: Essay } & EssaySlots) {
  const { essay } = props
  const m = t()
  return (
    <Layout meta={props.meta} scripts={props.scripts}>
      <article class="h-entry">
        <header>
          <h1 class="p-name">{essay.title}</h1>
          <div class="meta">
            {essay.draft && <span class="draft">{m.draft}</span>} <DateTime iso={essay.date} />
            {essay.updated !== essay.date && (
              <>
                {' '}
                · {m.updated} <DateTime iso={essay.updated} />
              </>
            )}{' '}
            · {m.minRead({ minutes: formatNumber(essay.readingMinutes) })} ·{' '}
            {m.words({ count: formatNumber(essay.wordCount) })}
            {props.commentCount && <> · {props.commentCount}</>}
          </div>
        </header>
        {/* Rendered from the author's Markdown at build time: trusted, never reader input. */}
        <div class="prose e-content">{raw(essay.html)}</div>
        {essay.tags.length > 0 && (
          <ul class="tags" aria-label={m.tagsLabel}>
            {essay.tags.map((tag) => {
              const slug = siteCatalog.tagSlug(tag)
              return (
                <li>
                  {slug === undefined ? (
                    tag
                  ) : (
                    <a href={tagPath(slug)} rel="tag">
                      {tag}
                    </a>
                  )}
                </li>
              )
            })}
          </ul>
        )}
      </article>
      {props.comments}
      <section class="respond" id="respond" aria-labelledby="respond-title">
        <h2 id="respond-title">{m.submitComment}</h2>
        <p class="note">{m.requiredNote}</p>
        {props.respond}
      </section>
      <section class="share" id="share" aria-labelledby="share-title">
        <h2 id="share-title">{m.shareThis}</h2>
        {props.share}
      </section>
    </Layout>
  )
}
