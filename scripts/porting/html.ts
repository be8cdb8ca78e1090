import TurndownService from 'turndown'
import { trimEndChars } from '../../src/lib/text.ts'

const BLOCK =
  /^<\/?(?:p|div|h[1-6]|ul|ol|li|blockquote|table|thead|tbody|tr|td|th|figure|figcaption|hr|dl|dt|dd|section|article|aside|header|footer|address|form|fieldset|iframe|video|audio|script|style|!--)/i

/**
 * WordPress stores classic-editor text without paragraph tags and adds them when it displays a post
 * (wpautop). Without this, HTML whitespace rules would fold every paragraph into one.
 * Block-editor content already carries its own tags and is left alone.
 */
export function autop(html: string): string {
  if (html.includes('<!-- wp:')) return html
  const pres: string[] = []
  const text = html
    .replace(/\r\n?/g, '\n')
    .replace(/<pre[\s\S]*?<\/pre>/gi, (block) => `\u0000${pres.push(block) - 1}\u0000`)
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) =>
      BLOCK.test(chunk) || /^\u0000\d+\u0000$/.test(chunk)
        ? chunk
        : `<p>${chunk.replace(/\n/g, '<br>\n')}</p>`,
    )
  return paragraphs.join('\n\n').replace(/\u0000(\d+)\u0000/g, (_, i: string) => pres[Number(i)]!)
}

// WordPress's [caption] wraps an image and its caption; other shortcodes stay as text for the author to see.
function stripShortcodes(html: string): string {
  return html
    .replace(/\[caption[^\]]*\]([\s\S]*?)\[\/caption\]/gi, (_, inner: string) =>
      inner.replace(/(<img[^>]*>)\s*/i, '$1<br>'),
    )
    .replace(/<!--more(?:.*?)?-->/gi, '')
    .replace(/<!--nextpage-->/gi, '')
}

const markdownService = new TurndownService({
  headingStyle: 'atx',
  codeBlockStyle: 'fenced',
  bulletListMarker: '-',
  emDelimiter: '_',
  hr: '---',
})
// Embeds the reader could not see without scripts are kept as links.
markdownService.addRule('iframe', {
  filter: 'iframe',
  replacement: (_content, node) => {
    const src = (node as TurndownService.Node).getAttribute('src')
    return src ? `\n\n[${src}](${src})\n\n` : ''
  },
})
markdownService.remove(['script', 'style'])
// WordPress often writes <pre> without an inner <code>; keep it a code block rather than loose text.
markdownService.addRule('bare-pre', {
  filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
  replacement: (_content, node) =>
    `\n\n\`\`\`\n${trimEndChars(node.textContent ?? '', '\n')}\n\`\`\`\n\n`,
})

/** A post's HTML as Markdown, the way the author's own essays are written. */
export function htmlToMarkdown(html: string): string {
  return markdownService
    .turndown(autop(stripShortcodes(html)))
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

const textService = new TurndownService()
// Plain text, not Markdown: comments are stored as the reader's text and rendered escaped.
textService.escape = (text: string) => text
textService.addRule('link', {
  filter: 'a',
  replacement: (content, node) => {
    const href = (node as TurndownService.Node).getAttribute('href')?.trim()
    const label = content.trim()
    if (!href || !/^(?:https?:|mailto:)/i.test(href) || href === label || label === '')
      return label || href || ''
    return `${label} (${href})`
  },
})
textService.addRule('inline', {
  filter: [
    'strong',
    'b',
    'em',
    'i',
    'u',
    'code',
    'span',
    'del',
    's',
    'abbr',
    'cite',
    'q',
    'sub',
    'sup',
  ],
  replacement: (content) => content,
})
textService.addRule('image', {
  filter: 'img',
  replacement: (_c, node) => (node as TurndownService.Node).getAttribute('alt') ?? '',
})
textService.addRule('block', {
  filter: [
    'p',
    'div',
    'blockquote',
    'pre',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'ul',
    'ol',
    'figure',
    'table',
  ],
  replacement: (content) => `\n\n${content.trim()}\n\n`,
})
textService.addRule('item', { filter: 'li', replacement: (content) => `\n- ${content.trim()}\n` })
textService.addRule('break', { filter: 'br', replacement: () => '\n' })
textService.remove(['script', 'style'])

/** HTML (a WordPress or Disqus comment) as plain text with paragraphs: links keep their address, entities are decoded. */
export function htmlToText(html: string): string {
  if (!html.trim()) return ''
  return textService
    .turndown(autop(html))
    .split('\n')
    .map((line) => trimEndChars(line, ' \t'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/**
 * Comment HTML (WordPress, Disqus) as the comments' Markdown subset (src/lib/comment-markdown.ts),
 * so a comment keeps its shape: paragraphs and line breaks, emphasis and strong, links (http(s) and
 * mailto only), inline code and fenced code, blockquotes and lists survive; headings become a bold
 * line (the subset has none); images become their alt text; scripts, styles, iframes, objects and
 * forms are dropped with their content, and no attribute (on* handlers, style) is ever carried.
 * Text that looks like Markdown is escaped by turndown, so it stays text.
 */
const commentService = new TurndownService({
  headingStyle: 'atx',
  codeBlockStyle: 'fenced',
  bulletListMarker: '-',
  emDelimiter: '*',
  strongDelimiter: '**',
  hr: '---',
})
commentService.remove([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'form',
  'noscript',
  'template',
])
commentService.addRule('comment-heading', {
  filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
  replacement: (content) => {
    const text = content.replace(/\s+/g, ' ').trim()
    return text ? `\n\n**${text}**\n\n` : ''
  },
})
commentService.addRule('comment-link', {
  filter: 'a',
  replacement: (content, node) => {
    const href = (node as TurndownService.Node).getAttribute('href')?.trim() ?? ''
    const label = content.trim()
    if (!/^(?:https?:\/\/|mailto:)/i.test(href) || /[\s()<>]/.test(href)) return label
    if (label === '' || label === href) return `<${href}>`
    return `[${label}](${href})`
  },
})
commentService.addRule('comment-image', {
  filter: 'img',
  replacement: (_content, node) => (node as TurndownService.Node).getAttribute('alt') ?? '',
})
commentService.addRule('comment-hr', { filter: 'hr', replacement: () => '\n\n' })
// WordPress often writes <pre> without an inner <code>; keep it a code block rather than loose text.
commentService.addRule('comment-bare-pre', {
  filter: (node) => node.nodeName === 'PRE' && node.firstChild?.nodeName !== 'CODE',
  replacement: (_content, node) =>
    `\n\n\`\`\`\n${trimEndChars(node.textContent ?? '', '\n')}\n\`\`\`\n\n`,
})

export function commentHtmlToMarkdown(html: string): string {
  if (!html.trim()) return ''
  return commentService
    .turndown(autop(html))
    .split('\n')
    .map((line) => trimEndChars(line, ' \t'))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

/** A one-line field (a name, a title) with its HTML entities decoded: "Jos&eacute; &amp; Co" -> "José & Co". */
export function decodeInline(value: string): string {
  if (!/[&<]/.test(value)) return value.replace(/\s+/g, ' ').trim()
  return textService
    .turndown(
      `<p>${value.replace(/</g, '&lt;').replace(/&lt;(\/?(?:b|i|em|strong|span)\b)/gi, '<$1')}</p>`,
    )
    .replace(/\s+/g, ' ')
    .trim()
}

/** Plain text of HTML on one line, for descriptions. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').trim()
}

/** Up to `max` characters, cut after a sentence when one fits, else at a word, with an ellipsis. */
export function summarize(text: string, max = 160): string {
  const line = text.replace(/\s+/g, ' ').trim()
  if (line.length <= max) return line
  const window = line.slice(0, max)
  const sentence = window.match(/^.*[.!?…](?=\s)/)
  if (sentence && sentence[0].length >= 40) return sentence[0]
  const cut = beforeLastWord(window.slice(0, max - 1))
  return `${cut || window.slice(0, max - 1)}…`
}

/** `text` up to the whitespace before its last word (`text` itself when it has no whitespace), in one pass. */
function beforeLastWord(text: string): string {
  const space = /\s/
  let end = text.length
  while (end > 0 && !space.test(text[end - 1]!)) end--
  if (end === 0) return text
  while (end > 0 && space.test(text[end - 1]!)) end--
  return text.slice(0, end)
}
