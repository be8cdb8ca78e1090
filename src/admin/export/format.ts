import type { CommentStatus } from '../../db/schema'
import { currentHtml } from '../../lib/comment-markdown'
import { essayPath } from '../../lib/urls'
import { xml, XML_DECLARATION, type XmlFragment } from '../../lib/xml'

/**
 * Comment exports, as text chunks: JSON (everything this blog knows) and WXR 1.2 (what WordPress's
 * importer reads). Pure functions over pages of rows, shared by the admin route (worker) and
 * `npm run export` (Node), so both write byte-for-byte the same format.
 */

export interface ExportRow {
  id: string
  essay_slug: string
  parent_id: string | null
  depth: number
  author_name: string
  author_email: string
  author_url: string | null
  body: string
  status: CommentStatus
  previous_status: CommentStatus | null
  created_at: number
  updated_at: number
  source: string | null
  /** The rendered body (src/lib/comment-markdown.ts) and its renderer version; absent or stale is rendered now. */
  body_html?: string | null
  body_html_version?: number | null
}

/** A row's HTML as readers see it: the stored render when current, else rendered now. */
export const rowHtml = (row: ExportRow) =>
  currentHtml({
    body: row.body,
    bodyHtml: row.body_html ?? null,
    bodyHtmlVersion: row.body_html_version ?? null,
  })

/**
 * Columns to select, in order (the importers insert these too, scripts/porting/sql.ts; the worker's
 * export also reads body_html and body_html_version, and a row without them is rendered as it is
 * written, so the CLI export writes the same HTML): the export never includes IP hashes, user agents or spam signals. */
export const EXPORT_COLUMNS = [
  'id',
  'essay_slug',
  'parent_id',
  'depth',
  'author_name',
  'author_email',
  'author_url',
  'body',
  'status',
  'previous_status',
  'created_at',
  'updated_at',
  'source',
] as const satisfies readonly (keyof ExportRow)[]

/** Rows per page: keyset pagination keeps memory flat however many comments there are. */
export const EXPORT_PAGE_SIZE = 500

export interface ExportEssay {
  title: string
  /** ISO 8601. */
  date: string
  /** Rendered essay, so the WXR also carries the post itself. */
  html?: string
  /** Its author's display name (the site's author unless the essay names another). */
  author?: string
}

export interface ExportContext {
  siteUrl: string
  siteTitle: string
  essay: (slug: string) => ExportEssay | undefined
  /**
   * Every author an essay may name, the site's author first: the WXR channel lists them all as
   * <wp:author> before the first item (it is streamed). Without it, the site title stands in.
   */
  authors?: readonly string[]
  now?: Date
}

export const WXR_APPROVED: Record<CommentStatus, string> = {
  approved: '1',
  pending: '0',
  spam: 'spam',
  trash: 'trash',
}

const encoder = new TextEncoder()

/**
 * A stable positive integer for an id (WXR ids must be integers): the first 48 bits of SHA-256(kind:id).
 * Same input, same number, in every export; collisions need ~16 million comments to become likely.
 */
export async function stableNumber(kind: string, id: string): Promise<number> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', encoder.encode(`${kind}:${id}`)),
  )
  let n = 0
  for (let i = 0; i < 6; i++) n = n * 256 + digest[i]!
  return n || 1
}

/** An essay's address in the export: the site URL in the context (the worker's SITE_URL, or the CLI's). */
const absoluteUrlFor = (ctx: ExportContext, slug: string) => ctx.siteUrl + essayPath(slug)

/** One <wp:author>: WordPress maps each item's <dc:creator> to one of these logins. */
interface WxrAuthor {
  id: number
  login: string
  displayName: string
}

/**
 * Authors with WordPress logins (sanitize_user's strict set: ASCII letters, digits, "-", "."):
 * "The Author" -> "the-author"; a name with no ASCII words ("Αλέξης") -> "author-2". Distinct
 * names get distinct logins.
 */
export function wxrAuthors(ctx: ExportContext): Map<string, WxrAuthor> {
  const names = ctx.authors?.length ? ctx.authors : [ctx.siteTitle]
  const authors = new Map<string, WxrAuthor>()
  const logins = new Set<string>()
  for (const name of names) {
    if (authors.has(name)) continue
    const id = authors.size + 1
    const ascii = name
      .normalize('NFKD')
      .replace(/\p{M}/gu, '')
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter(Boolean)
      .join('-')
      .slice(0, 50)
    const login = ascii && !logins.has(ascii) ? ascii : `author-${id}`
    logins.add(login)
    authors.set(name, { id, login, displayName: name })
  }
  return authors
}

const wpDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
const iso = (ms: number) => new Date(ms).toISOString()

/** The JSON export: one object, streamed comment by comment. */
export async function* exportJson(
  pages: AsyncIterable<ExportRow[]>,
  ctx: ExportContext,
): AsyncGenerator<string> {
  const header = {
    format: 'edge-blog comments',
    version: 1,
    site: ctx.siteUrl,
    exported_at: (ctx.now ?? new Date()).toISOString(),
  }
  yield `${JSON.stringify(header).slice(0, -1)},"comments":[`
  let first = true
  for await (const page of pages) {
    let chunk = ''
    for (const row of page) {
      const essay = ctx.essay(row.essay_slug)
      chunk +=
        (first ? '\n' : ',\n') +
        JSON.stringify({
          id: row.id,
          essay: {
            slug: row.essay_slug,
            title: essay?.title ?? null,
            url: absoluteUrlFor(ctx, row.essay_slug),
          },
          parent_id: row.parent_id,
          depth: row.depth,
          status: row.status,
          previous_status: row.previous_status,
          author: { name: row.author_name, email: row.author_email, url: row.author_url },
          // The source (the Markdown subset) and the HTML it renders to.
          body: row.body,
          html: rowHtml(row),
          created_at: iso(row.created_at),
          updated_at: iso(row.updated_at),
          source: row.source,
        })
      first = false
    }
    if (chunk) yield chunk
  }
  yield '\n]}\n'
}

/**
 * WordPress's own spelling of a post_name: percent-encoded UTF-8 in lowercase hex
 * ("%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-3"); ASCII slugs unchanged. Slugs are lowercase,
 * so lowercasing the whole only touches the hex digits.
 */
const wpPostName = (slug: string) => encodeURIComponent(slug).toLowerCase()

async function essayOpen(
  slug: string,
  ctx: ExportContext,
  authors: Map<string, WxrAuthor>,
  firstCommentAt: number,
): Promise<XmlFragment> {
  const essay = ctx.essay(slug)
  const author = authors.get(essay?.author ?? '') ?? authors.values().next().value!
  const url = absoluteUrlFor(ctx, slug)
  const dateMs = essay ? Date.parse(essay.date) : firstCommentAt
  return xml`
    <item>
      <title>${essay?.title ?? slug}</title>
      <link>${url}</link>
      <pubDate>${new Date(dateMs).toUTCString()}</pubDate>
      <dc:creator>${author.login}</dc:creator>
      <guid isPermaLink="false">${url}</guid>
      <description></description>
      <content:encoded>${essay?.html ?? ''}</content:encoded>
      <excerpt:encoded></excerpt:encoded>
      <wp:post_id>${await stableNumber('essay', slug)}</wp:post_id>
      <wp:post_date>${wpDate(dateMs)}</wp:post_date>
      <wp:post_date_gmt>${wpDate(dateMs)}</wp:post_date_gmt>
      <wp:comment_status>open</wp:comment_status>
      <wp:ping_status>closed</wp:ping_status>
      <wp:post_name>${wpPostName(slug)}</wp:post_name>
      <wp:status>publish</wp:status>
      <wp:post_parent>0</wp:post_parent>
      <wp:menu_order>0</wp:menu_order>
      <wp:post_type>post</wp:post_type>
      <wp:post_password></wp:post_password>
      <wp:is_sticky>0</wp:is_sticky>`
}

const wxrAuthor = (author: WxrAuthor) => xml`
    <wp:author>
      <wp:author_id>${author.id}</wp:author_id>
      <wp:author_login>${author.login}</wp:author_login>
      <wp:author_email></wp:author_email>
      <wp:author_display_name>${author.displayName}</wp:author_display_name>
      <wp:author_first_name></wp:author_first_name>
      <wp:author_last_name></wp:author_last_name>
    </wp:author>`

function trashMeta(row: ExportRow): XmlFragment | null {
  if (!row.previous_status || (row.status !== 'trash' && row.status !== 'spam')) return null
  return xml`
        <wp:commentmeta>
          <wp:meta_key>_wp_trash_meta_status</wp:meta_key>
          <wp:meta_value>${WXR_APPROVED[row.previous_status]}</wp:meta_value>
        </wp:commentmeta>`
}

/**
 * WordPress shows comment_content as HTML: the comment's rendered HTML goes there (what readers see
 * here, and what WordPress expects). The `xml` tag entity-escapes it as it does every value.
 */
async function wxrComment(row: ExportRow): Promise<XmlFragment> {
  const parent = row.parent_id ? await stableNumber('comment', row.parent_id) : 0
  return xml`
      <wp:comment>
        <wp:comment_id>${await stableNumber('comment', row.id)}</wp:comment_id>
        <wp:comment_author>${row.author_name}</wp:comment_author>
        <wp:comment_author_email>${row.author_email}</wp:comment_author_email>
        <wp:comment_author_url>${row.author_url ?? ''}</wp:comment_author_url>
        <wp:comment_author_IP></wp:comment_author_IP>
        <wp:comment_date>${wpDate(row.created_at)}</wp:comment_date>
        <wp:comment_date_gmt>${wpDate(row.created_at)}</wp:comment_date_gmt>
        <wp:comment_content>${rowHtml(row)}</wp:comment_content>
        <wp:comment_approved>${WXR_APPROVED[row.status]}</wp:comment_approved>
        <wp:comment_type>comment</wp:comment_type>
        <wp:comment_parent>${parent}</wp:comment_parent>
        <wp:comment_user_id>0</wp:comment_user_id>${trashMeta(row)}
      </wp:comment>`
}

/**
 * WXR 1.2, one <item> per essay with its comments. Rows must arrive ordered by essay_slug.
 * Every value goes through the `xml` tag (lib/xml): entity-escaped, never CDATA, so no "]]>" in a
 * comment can end a section early.
 */
export async function* exportWxr(
  pages: AsyncIterable<ExportRow[]>,
  ctx: ExportContext,
): AsyncGenerator<string> {
  const authors = wxrAuthors(ctx)
  yield (
    XML_DECLARATION +
    xml`<!-- WordPress eXtended RSS (WXR 1.2): the comments of ${ctx.siteUrl}, by edge-blog. Import in WordPress with Tools > Import > WordPress. -->
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
  <channel>
    <title>${ctx.siteTitle}</title>
    <link>${ctx.siteUrl}</link>
    <description></description>
    <pubDate>${(ctx.now ?? new Date()).toUTCString()}</pubDate>
    <language>en</language>
    <wp:wxr_version>1.2</wp:wxr_version>
    <wp:base_site_url>${ctx.siteUrl}</wp:base_site_url>
    <wp:base_blog_url>${ctx.siteUrl}</wp:base_blog_url>
    <generator>edge-blog</generator>${[...authors.values()].map(wxrAuthor)}`.value
  )
  let current: string | null = null
  for await (const page of pages) {
    const chunk: XmlFragment[] = []
    for (const row of page) {
      if (row.essay_slug !== current) {
        if (current !== null)
          chunk.push(xml`
    </item>`)
        chunk.push(await essayOpen(row.essay_slug, ctx, authors, row.created_at))
        current = row.essay_slug
      }
      chunk.push(await wxrComment(row))
    }
    if (chunk.length) yield xml`${chunk}`.value
  }
  if (current !== null) yield '\n    </item>'
  yield '\n  </channel>\n</rss>\n'
}
