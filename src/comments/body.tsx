import { raw } from 'hono/html'
import type { Child } from 'hono/jsx'
import { currentHtml, LINK_REL } from '../lib/comment-markdown'
import { trimEndChars } from '../lib/text'

export { LINK_REL }

// A bare http(s) URL; trailing punctuation is usually the sentence's, not the link's.
const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/gi
const TRAILING = `.,;:!?'")]}>*`

/** Splits text into strings and links. Only http(s) URLs ever become links, so `javascript:` stays text. */
export function linkify(text: string): Child[] {
  const parts: Child[] = []
  let last = 0
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0]
    // A loop, not /[.,;:!?...]+$/: that regex is quadratic on a long run of punctuation inside a URL.
    const trailing = url.slice(trimEndChars(url, TRAILING).length)
    // Keep a closing parenthesis that balances one inside the URL (Wikipedia links).
    let cut = trailing.length
    if (
      trailing.startsWith(')') &&
      url.slice(0, -cut).split('(').length - 1 > url.slice(0, -cut).split(')').length - 1
    )
      cut -= 1
    url = url.slice(0, url.length - cut)
    if (!/^https?:\/\/[^/?#]/i.test(url)) continue
    const start = match.index!
    if (start > last) parts.push(text.slice(last, start))
    parts.push(
      <a href={url} rel={LINK_REL}>
        {url}
      </a>,
    )
    last = start + url.length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}

/**
 * THE one trusted path: the only place stored comment HTML goes into a page unescaped (`raw`). It is
 * what src/lib/comment-markdown.ts rendered (stored, or rendered now for rows from before the
 * renderer), and the hostile suites check that renderer (tests/hostile/markdown-renderer.test.ts).
 * The thread, the comments feed and the JSON API (`html`) all take the HTML from here.
 */
export function trustedCommentHtml(comment: {
  body: string
  bodyHtml?: string | null
  bodyHtmlVersion?: number | null
}): string {
  return currentHtml(comment)
}

export function CommentHtml(props: {
  comment: { body: string; bodyHtml?: string | null; bodyHtmlVersion?: number | null }
}) {
  return raw(trustedCommentHtml(props.comment))
}
