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
const MAX_NESTING = 20

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
  // markdown-it's own guard: deeper inline pairs stay text, but deeper BLOCKS are dropped, so a
  // source that reaches it is shown as plain text instead (see `plain` below).
  maxNesting: MAX_NESTING,
})
  .enable(['blockquote', 'fence', 'list'])
  .enable(['newline', 'escape', 'backticks', 'emphasis', 'link', 'autolink', 'entity', 'linkify'])

md.linkify.set({ fuzzyIP: false })
md.validateLink = (url) => ALLOWED_HREF.test(url.trim())

/**
 * The fallback for a source nested deeper than markdown-it keeps: its text as paragraphs and line
 * breaks, no other markup, so nothing the reader typed is lost.
 */
const plain = new MarkdownIt('zero', { html: false, xhtmlOut: true, breaks: true }).enable([
  'newline',
])

// rel on every link. markdown-it still makes a link of an empty destination (`[x]()`) without
// asking validateLink: such a link renders as its text alone.
const hasAllowedHref = (token: { attrGet(name: string): string | number | null }) =>
  ALLOWED_HREF.test(String(token.attrGet('href') ?? ''))
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  const token = tokens[idx]!
  if (!hasAllowedHref(token)) return ''
  token.attrSet('rel', LINK_REL)
  return self.renderToken(tokens, idx, options)
}
md.renderer.rules.link_close = (tokens, idx, options, _env, self) => {
  // The matching link_open is the nearest earlier one at the same nesting level.
  let open = idx - 1
  while (open >= 0 && tokens[open]!.type !== 'link_open') open--
  return open >= 0 && !hasAllowedHref(tokens[open]!) ? '' : self.renderToken(tokens, idx, options)
}

// markdown-it stops parsing blocks at maxNesting and drops what is inside: mark such a source.
md.core.ruler.after('block', 'detect_too_deep', (state) => {
  if (state.tokens.some((token) => token.level >= MAX_NESTING - 1)) state.env.tooDeep = true
})

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
  const env: { tooDeep?: boolean } = {}
  const tokens = md.parse(source, env)
  const html = env.tooDeep ? plain.render(source) : md.renderer.render(tokens, md.options, env)
  // A carriage return only gets here from a character reference (&#13;; the source's line breaks
  // are normalised): written as a reference again, so HTML and XML parsers keep it instead of
  // turning it into a line feed, and the stored HTML reads back exactly.
  return html.includes('\r') ? html.replace(/\r/g, '&#13;') : html
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
