import type { Child } from 'hono/jsx'
import { trimEndChars } from '../lib/text'

export const LINK_REL = 'nofollow ugc noopener'

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

/** Plain text as HTML: paragraphs at blank lines, <br> at single newlines, URLs linked, everything escaped by JSX. */
export function CommentBody(props: { text: string }) {
  const paragraphs = props.text.split(/\n{2,}/).filter((p) => p !== '')
  return (
    <>
      {paragraphs.map((paragraph) => (
        <p>
          {paragraph.split('\n').map((line, i) => (
            <>
              {i > 0 && <br />}
              {linkify(line)}
            </>
          ))}
        </p>
      ))}
    </>
  )
}
