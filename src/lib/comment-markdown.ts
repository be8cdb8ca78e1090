import MarkdownIt from 'markdown-it'

/**
 * The one renderer of comment text (the form, the admin edit, the importers, the remote origins):
 * a small, safe Markdown subset by markdown-it, not a hand-written parser. Paragraphs and line
 * breaks, emphasis and strong, links (autolinked URLs too), inline code, fenced code blocks,
 * blockquotes (nested up to 3), ordered and unordered lists. No raw HTML, no images, no headings,
 * no tables, no indented code: those stay text. Comments are rendered ONCE, when written or edited,
 * and stored (comments.body_html); bump RENDERER_VERSION whenever the output of any input changes,
 * then `npm run comments:rerender` refreshes the stored rows.
 */
export const RENDERER_VERSION = 1

export const LINK_REL = 'nofollow ugc noopener'
/** Deeper quotes are shown at the third level: their text is kept, not their nesting. */
export const MAX_QUOTE_DEPTH = 3

// Only these schemes become links; anything else (javascript:, data:, vbscript:, relative paths,
// control characters, which normalizeLink has percent-encoded by now) stays text.
const ALLOWED_HREF = /^(?:https?:\/\/[^/?#\s]|mailto:[^\s])/i

// 'zero' enables nothing but paragraphs and text; the subset is switched on by name, so an upgrade
// that adds a rule to markdown-it's default preset cannot widen it.
const md = new MarkdownIt('zero', {
  html: false,
  // <br /> rather than <br>: the output is well-formed XML too, which the hostile suites check.
  xhtmlOut: true,
  breaks: true,
  linkify: true,
  typographer: false,
  // Bounds nested blocks and inline pairs; what is deeper stays text (markdown-it's own guard).
  maxNesting: 20,
})
  .enable(['blockquote', 'fence', 'list'])
  .enable(['newline', 'escape', 'backticks', 'emphasis', 'link', 'autolink', 'entity', 'linkify'])

md.linkify.set({ fuzzyIP: false })
md.validateLink = (url) => ALLOWED_HREF.test(url.trim())

// rel on every link; the href was validated above.
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]!.attrSet('rel', LINK_REL)
  return self.renderToken(tokens, idx, options)
}

// Quotes deeper than MAX_QUOTE_DEPTH render without their own <blockquote>: text kept, depth capped.
md.core.ruler.after('block', 'cap_quote_depth', (state) => {
  let depth = 0
  const flattened: boolean[] = []
  for (const token of state.tokens) {
    if (token.type === 'blockquote_open') {
      depth += 1
      flattened.push(depth > MAX_QUOTE_DEPTH)
      if (depth > MAX_QUOTE_DEPTH) token.hidden = true
    } else if (token.type === 'blockquote_close') {
      if (flattened.pop()) token.hidden = true
      depth -= 1
    }
  }
})
const hideable: NonNullable<typeof md.renderer.rules.text> = (tokens, idx, options, _env, self) =>
  tokens[idx]!.hidden ? '' : self.renderToken(tokens, idx, options)
md.renderer.rules.blockquote_open = hideable
md.renderer.rules.blockquote_close = hideable

/** A comment's source as HTML, safe to put into a page as is (through the one trusted path). */
export function renderComment(source: string): string {
  return md.render(source)
}

/** What is stored with a comment: its rendered HTML and the renderer version that made it. */
export function renderedColumns(source: string): { bodyHtml: string; bodyHtmlVersion: number } {
  return { bodyHtml: renderComment(source), bodyHtmlVersion: RENDERER_VERSION }
}

/** The stored HTML when it is current, else a fresh render (rows from before, or an older renderer). */
export function currentHtml(row: {
  body: string
  bodyHtml?: string | null
  bodyHtmlVersion?: number | null
}): string {
  return row.bodyHtml != null && row.bodyHtmlVersion === RENDERER_VERSION
    ? row.bodyHtml
    : renderComment(row.body)
}
