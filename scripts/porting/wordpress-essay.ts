/** A WXR post or page as the essay file the content build reads (front matter + Markdown body). */
import { isoSeconds } from './dates.ts'
import type { EssayFile } from './essay-files.ts'
import { decodeInline, htmlToLine, summarize } from './html.ts'
import type { WxrHeader, WxrItem } from './wxr.ts'

/** What planWordpress decided about the post before it becomes a file. */
export interface PostFacts {
  slug: string
  title: string
  /** ms since the epoch */
  date: number
  modified: number | null
  draft: boolean
  page: boolean
  /** The post's content as Markdown (htmlToMarkdown), never empty here. */
  body: string
}

export function essayFile(item: WxrItem, wxr: WxrHeader, post: PostFacts): EssayFile {
  const { slug, title, date, modified, draft, page, body } = post
  const excerpt = htmlToLine(item.excerpt)
  return {
    slug,
    title,
    date: isoSeconds(date),
    updated: modified !== null && modified > date ? isoSeconds(modified) : undefined,
    description: summarize(excerpt || htmlToLine(autopText(item.content)) || title),
    tags: item.tags.map(decodeInline),
    categories: item.categories.map(decodeInline).filter((c) => c !== 'Uncategorized'),
    author: wxr.authors.get(item.creator) ?? (item.creator || undefined),
    draft,
    page,
    body,
  }
}

// Descriptions come from the text a reader sees first, so shortcodes and block markup are dropped.
function autopText(html: string): string {
  return html.replace(/\[\/?[a-z_-][^\]]*\]/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' ')
}
