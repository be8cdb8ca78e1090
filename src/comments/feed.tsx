import type { Essay } from '../content/types'
import { commentAnchor, commentsFeedPath, essayPath } from '../lib/urls'
import { XML_DECLARATION, xml } from '../lib/xml'
import { trustedCommentHtml } from './body'
import type { PublicComment } from './store'

/** The same HTML the page shows (the one trusted path); the xml template escapes it once more for the feed. */
const bodyHtml = trustedCommentHtml

/** RSS 2.0 of an essay's newest approved comments: readers follow replies without an account. No emails, ever. */
export function commentsFeed(siteUrl: string, essay: Essay, comments: PublicComment[]): string {
  const essayUrl = siteUrl + essayPath(essay.slug)
  const items = comments.map((comment) => {
    const link = siteUrl + essayPath(essay.slug, { hash: commentAnchor(comment.id) })
    return xml`
    <item>
      <title>${`Comment by ${comment.authorName}`}</title>
      <link>${link}</link>
      <guid isPermaLink="false">${link}</guid>
      <pubDate>${new Date(comment.createdAt).toUTCString()}</pubDate>
      <dc:creator>${comment.authorName}</dc:creator>
      <description>${bodyHtml(comment)}</description>
    </item>`
  })
  const newest = comments[0]?.createdAt
  return (
    XML_DECLARATION +
    xml`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>${`Comments on ${essay.title}`}</title>
    <link>${essayUrl}</link>
    <description>${`Reader comments on “${essay.title}”, newest first.`}</description>
    <atom:link href="${siteUrl + commentsFeedPath(essay.slug)}" rel="self" type="application/rss+xml"/>${
      newest
        ? xml`
    <lastBuildDate>${new Date(newest).toUTCString()}</lastBuildDate>`
        : ''
    }${items}
  </channel>
</rss>
`
  )
}
