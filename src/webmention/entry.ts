import { mf2 } from 'microformats-parser'
import type { MentionKind } from '../db/schema'
import { isHttpUrl, LIMITS } from '../lib/schema'
import { cutText } from '../lib/text'
import { withoutFragment } from './links'
import { htmlToPlainText } from './plain-text'

/**
 * What a verified source says, read from its microformats2 (microformats-parser, the parser the
 * microformats wiki lists for JavaScript): the first h-entry's author, content, date and kind.
 * `in-reply-to` the target → a reply (a comment in the thread); `like-of` → a like; `repost-of` → a
 * repost; anything else, or no h-entry at all, → a mention. No photo is kept: readers' browsers
 * never load remote images from here.
 */

export interface Entry {
  kind: MentionKind
  authorName: string
  /** The author's profile (h-card url), else the source site's home page. */
  authorUrl: string
  /** Plain text, links kept as URLs ('' when the page has no content worth showing). */
  body: string
  /** The entry's own URL (u-url), else the source. */
  url: string
  /** Epoch ms of dt-published, when it is a real date not in the future. */
  published: number | null
}

type Item = { type?: string[]; properties: Record<string, unknown[]>; children?: Item[] }

const isItem = (value: unknown): value is Item =>
  typeof value === 'object' && value !== null && 'properties' in value

const BODY_CHARS = 10_000

export async function readEntry(
  html: string,
  source: string,
  target: string,
  now = Date.now(),
): Promise<Entry> {
  const doc = mf2(html, { baseUrl: source })
  const items = doc.items as unknown as Item[]
  const entry = findEntry(items)
  const site = new URL(source)
  const fallback = { name: site.hostname, url: `${site.origin}/` }
  if (!entry) {
    return {
      kind: 'mention',
      authorName: fallback.name,
      authorUrl: fallback.url,
      body: '',
      url: source,
      published: null,
    }
  }
  const props = entry.properties
  const author =
    authorOf(props.author?.[0]) ?? authorOf(items.find((i) => i.type?.includes('h-card')))
  const targetKey = withoutFragment(target)
  const refers = (name: string) => (props[name] ?? []).some((value) => urlOf(value) === targetKey)
  const kind: MentionKind = refers('in-reply-to')
    ? 'reply'
    : refers('like-of')
      ? 'like'
      : refers('repost-of')
        ? 'repost'
        : 'mention'
  const url = firstString(props.url)
  return {
    kind,
    authorName: cutText(author?.name || fallback.name, LIMITS.name),
    authorUrl:
      author?.url && isHttpUrl(author.url) && author.url.length <= LIMITS.website
        ? author.url
        : fallback.url,
    body: cutText(await contentOf(props, source), BODY_CHARS),
    url: url && isHttpUrl(url) ? url : source,
    published: dateOf(firstString(props.published), now),
  }
}

/** The first h-entry at the top, or inside a top-level h-feed. */
function findEntry(items: Item[]): Item | undefined {
  const top = items.find((item) => item.type?.includes('h-entry'))
  if (top) return top
  for (const feed of items.filter((item) => item.type?.includes('h-feed'))) {
    const child = feed.children?.find((item) => item.type?.includes('h-entry'))
    if (child) return child
  }
  return undefined
}

/** A property value as a URL without fragment: a plain string, or an h-cite's url. */
function urlOf(value: unknown): string | null {
  if (typeof value === 'string') return withoutFragment(value)
  if (isItem(value)) {
    const url = firstString(value.properties.url)
    return url ? withoutFragment(url) : null
  }
  return null
}

function firstString(values: unknown[] | undefined): string | undefined {
  const value = values?.[0]
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'object' && value !== null && 'value' in value) {
    const inner = (value as { value?: unknown }).value
    return typeof inner === 'string' ? inner.trim() : undefined
  }
  return undefined
}

function authorOf(value: unknown): { name?: string; url?: string } | null {
  if (typeof value === 'string') return isHttpUrl(value) ? { url: value } : { name: value.trim() }
  if (!isItem(value)) return null
  return { name: firstString(value.properties.name), url: firstString(value.properties.url) }
}

async function contentOf(props: Record<string, unknown[]>, base: string): Promise<string> {
  const content = props.content?.[0]
  if (typeof content === 'object' && content !== null && 'html' in content) {
    const html = (content as { html: unknown }).html
    if (typeof html === 'string' && html.trim()) return htmlToPlainText(html, base)
  }
  return firstString(props.content) ?? firstString(props.summary) ?? firstString(props.name) ?? ''
}

function dateOf(text: string | undefined, now: number): number | null {
  if (!text) return null
  const at = Date.parse(text)
  return Number.isFinite(at) && at <= now ? at : null
}
