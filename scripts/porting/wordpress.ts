import { join } from 'node:path'
import type { CommentStatus } from '../../src/db/schema.ts'
import { threadComments, type SourceComment } from './comments.ts'
import { isoSeconds, parseWpDate } from './dates.ts'
import { essayExists, toSlug } from './essay-files.ts'
import { decodeInline, htmlToLine, htmlToMarkdown, htmlToText, summarize } from './html.ts'
import { loadSecret, nodeKeyedHash } from './ids.ts'
import {
  applyPlan,
  count,
  emptyPlan,
  list,
  type ImportPlan,
  type ImportSummary,
  importableBody,
  skipComment,
} from './plan.ts'
import { fileProgress } from './progress.ts'
import { normalizeOldPath } from './redirects-file.ts'
import { root } from './d1.ts'
import { readWxr, type WxrComment, type WxrFile, type WxrItem } from './wxr.ts'

export interface ImportOptions {
  file: string
  /** Where essays go; default content/. */
  contentDir?: string
  /** Default content/redirects.json. */
  redirectsFile?: string
  remote?: boolean
  persistTo?: string
  dryRun?: boolean
  force?: boolean
  maxBytes?: number
  /** Overrides SECRET_KEY / .dev.vars (tests). null: no secret, so IPs are not stored. */
  secret?: string | null
  progress?: boolean
  migrate?: boolean
  log?: (line: string) => void
}

const STATUS: Record<string, CommentStatus> = {
  '1': 'approved',
  approve: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'trash',
  'post-trashed': 'trash',
}

export function ipHasher(
  options: { secret?: string | null; remote?: boolean; log?: (line: string) => void },
  warnings: string[],
): (ip: string) => string | null {
  const { secret, from } =
    options.secret !== undefined
      ? { secret: options.secret, from: 'the caller' }
      : loadSecret(root, { devVars: !options.remote })
  if (!secret) {
    let warned = false
    return () => {
      if (!warned)
        warnings.push(
          `no SECRET_KEY (${options.remote ? 'set it to the deployed key for --remote' : 'environment or .dev.vars'}): commenters' IP addresses were not imported (the raw IP is never stored)`,
        )
      warned = true
      return null
    }
  }
  options.log?.(`IP addresses are hashed with SECRET_KEY from ${from}`)
  return (ip) => nodeKeyedHash(secret, 'ip', ip)
}

export function cleanEmail(value: string): string {
  // Lower-cased whole, as the live site stores and compares emails (flood, duplicates, hold-first):
  // an imported regular must match however they type their address next time.
  const email = value.trim().toLowerCase()
  return /^[^\s@]+@[^\s@]+$/.test(email) && email.length <= 254 ? email : ''
}

export function cleanUrl(value: string): string | null {
  const url = value.trim()
  if (!/^https?:\/\/[^\s]+$/i.test(url) || url.length > 2000) return null
  try {
    return new URL(url).href
  } catch {
    return null
  }
}

function commentStatus(
  comment: WxrComment,
  warnings: string[],
  where: string,
): { status: CommentStatus; previous: CommentStatus | null } {
  let status = STATUS[comment.approved]
  if (!status) {
    warnings.push(
      `${where}: unknown status ${JSON.stringify(comment.approved)}, imported as pending`,
    )
    status = 'pending'
  }
  const before = STATUS[comment.meta._wp_trash_meta_status?.trim() ?? '']
  const previous =
    (status === 'trash' || status === 'spam') && before && before !== status ? before : null
  return { status, previous }
}

function sourceComments(
  plan: ImportPlan,
  item: WxrItem,
  slug: string,
  postDate: number,
): SourceComment[] {
  const out: SourceComment[] = []
  const seen = new Set<string>()
  for (const comment of item.comments) {
    const where = `comment ${comment.id || '?'} on "${slug}" (line ${comment.line})`
    const type = comment.type || 'comment'
    if (type === 'pingback' || type === 'trackback') {
      count(plan, 'pingbacks')
      continue
    }
    if (type !== 'comment') {
      count(plan, 'otherCommentTypes')
      continue
    }
    if (!comment.id) {
      skipComment(plan, `${where}: has no wp:comment_id, skipped`)
      continue
    }
    if (seen.has(comment.id)) {
      skipComment(
        plan,
        `${where}: the same comment id appears twice in this post, the second was skipped`,
      )
      continue
    }
    seen.add(comment.id)
    const body = importableBody(plan, where, htmlToText(comment.content))
    if (body === null) continue
    let created = parseWpDate(comment.dateGmt)
    if (created === null) {
      created = parseWpDate(comment.date)
      if (created === null) {
        plan.warnings.push(`${where}: has no date; given the post's date`)
        created = postDate
      }
    }
    const { status, previous } = commentStatus(comment, plan.warnings, where)
    const parent = comment.parent && comment.parent !== '0' ? comment.parent : null
    out.push({
      source: `wordpress:${item.id}:${comment.id}`,
      parentSource: parent ? `wordpress:${item.id}:${parent}` : null,
      essaySlug: slug,
      authorName: decodeInline(comment.author).slice(0, 245) || 'Anonymous',
      authorEmail: cleanEmail(comment.email),
      authorUrl: cleanUrl(comment.url),
      body,
      status,
      previousStatus: previous,
      createdAt: created,
      updatedAt: created,
      ip: comment.ip || null,
      userAgent: null,
      label: where,
    })
  }
  return out
}

/** The paths WordPress answered for this post, mapped to its new slug. */
function oldPermalinks(item: WxrItem, slug: string, siteUrl: string): Record<string, string> {
  const paths: Record<string, string> = {}
  const add = (path: string) => {
    const key = normalizeOldPath(path)
    if (!key.startsWith('/essays/') && key !== '/') paths[key] = slug
  }
  if (/^\d+$/.test(item.id)) {
    add(`/?p=${item.id}`)
    if (item.postType === 'page') add(`/?page_id=${item.id}`)
  }
  const wpSlug = item.postName
  if (wpSlug) {
    add(`/${wpSlug}/`)
    const local = item.date.match(/^(\d{4})-(\d{2})-(\d{2})/)
    if (item.postType === 'post' && local && local[1] !== '0000') {
      add(`/${local[1]}/${local[2]}/${local[3]}/${wpSlug}/`)
      add(`/${local[1]}/${local[2]}/${wpSlug}/`)
    }
  }
  // The permalink WordPress itself printed, whatever structure the site used (/blog/%postname%/, /archives/123...).
  try {
    const link = new URL(item.link)
    const site = siteUrl ? new URL(siteUrl) : null
    if (!site || link.host === site.host) {
      const base = site ? site.pathname.replace(/\/$/, '') : ''
      const path = link.pathname.startsWith(base)
        ? link.pathname.slice(base.length) || '/'
        : link.pathname
      if (path !== '/') add(path)
    }
  } catch {
    // No usable <link>; the standard forms above still apply.
  }
  return paths
}

/** Builds the whole import from a parsed export, writing nothing. */
export function planWordpress(
  wxr: WxrFile,
  options: { contentDir: string; force?: boolean; hashIp: (ip: string) => string | null },
): ImportPlan {
  const plan = emptyPlan()
  const fromUs = /edge-blog/i.test(wxr.generator)
  const taken = new Map<string, string>()
  const sources: SourceComment[] = []
  for (const item of wxr.items) {
    const kind = item.postType || 'post'
    const label = `"${decodeInline(item.title) || item.postName || item.id}" (${kind} ${item.id || '?'}, line ${item.line})`
    if (kind !== 'post' && kind !== 'page') {
      count(plan, 'otherItems')
      continue
    }
    const status = item.status || 'publish'
    if (item.password.trim()) {
      count(plan, 'skippedPosts')
      list(plan, 'skipped: password-protected', label)
      continue
    }
    if (status === 'private' || status === 'trash') {
      count(plan, 'skippedPosts')
      list(plan, `skipped: ${status}`, label)
      continue
    }
    const draft = ['draft', 'pending', 'future', 'auto-draft'].includes(status)
    if (!draft && status !== 'publish') {
      count(plan, 'otherItems')
      continue
    }
    if (status === 'auto-draft' && !item.content.trim()) {
      count(plan, 'otherItems')
      continue
    }
    let slug =
      toSlug(item.postName) ||
      toSlug(decodeInline(item.title)) ||
      (item.id ? `post-${item.id}` : '')
    if (!slug) {
      count(plan, 'skippedPosts')
      list(plan, 'skipped: no slug, title or id', label)
      continue
    }
    const key = `${item.id}`
    if (taken.has(slug) && taken.get(slug) !== key) {
      let n = 2
      while (taken.has(`${slug}-${n}`)) n++
      plan.warnings.push(
        `${label}: slug "${slug}" is used by another post; this one became "${slug}-${n}"`,
      )
      slug = `${slug}-${n}`
    }
    taken.set(slug, key)

    const dateMs = parseWpDate(item.dateGmt) ?? parseWpDate(item.date)
    const date = dateMs ?? Date.now()
    if (dateMs === null) plan.warnings.push(`${label}: has no date; dated today`)
    const modified = parseWpDate(item.modifiedGmt)
    count(plan, kind === 'page' ? 'pages' : 'posts')
    if (draft) count(plan, 'drafts')

    const body = htmlToMarkdown(item.content)
    const title = decodeInline(item.title) || slug
    if (!body) {
      count(plan, 'emptyContent')
      if (!essayExists(options.contentDir, slug))
        plan.warnings.push(
          `${label}: has no content, so no file was written (its comments are imported under "${slug}")`,
        )
    } else if (essayExists(options.contentDir, slug) && !options.force) {
      count(plan, 'filesExisting')
      list(plan, 'kept (file exists)', `content/${slug}.md`)
    } else {
      count(plan, 'filesWritten')
      const excerpt = htmlToLine(item.excerpt)
      plan.essays.push({
        slug,
        title,
        date: isoSeconds(date),
        updated: modified !== null && modified > date ? isoSeconds(modified) : undefined,
        description: summarize(excerpt || htmlToLine(autopText(item.content)) || title),
        tags: item.tags.map(decodeInline),
        categories: item.categories.map(decodeInline).filter((c) => c !== 'Uncategorized'),
        author: wxr.authors.get(item.creator) ?? (item.creator || undefined),
        draft,
        page: kind === 'page',
        body,
      })
    }
    if (!draft && !fromUs) Object.assign(plan.redirects, oldPermalinks(item, slug, wxr.siteUrl))
    sources.push(...sourceComments(plan, item, slug, date))
  }
  const threaded = threadComments(sources, options.hashIp)
  plan.comments = threaded.rows
  if (threaded.orphans.length) count(plan, 'orphans', threaded.orphans.length)
  for (const orphan of threaded.orphans)
    list(plan, 'replies to missing comments (imported as top-level)', orphan)
  if (threaded.flattened) count(plan, 'flattened', threaded.flattened)
  return plan
}

// Descriptions come from the text a reader sees first, so shortcodes and block markup are dropped.
function autopText(html: string): string {
  return html.replace(/\[\/?[a-z_-][^\]]*\]/gi, ' ').replace(/<!--[\s\S]*?-->/g, ' ')
}

/** `npm run import:wordpress`: parse and check the whole file, then write comments, essays and old links. */
export async function runWordpressImport(options: ImportOptions): Promise<ImportSummary> {
  const contentDir = options.contentDir ?? join(root, 'content')
  const redirectsFile = options.redirectsFile ?? join(contentDir, 'redirects.json')
  const progress = fileProgress(options.progress ?? false)
  let wxr: WxrFile
  try {
    wxr = await readWxr(options.file, { maxBytes: options.maxBytes, onProgress: progress.update })
  } finally {
    progress.stop()
  }
  const warnings: string[] = []
  const plan = planWordpress(wxr, {
    contentDir,
    force: options.force,
    hashIp: ipHasher(options, warnings),
  })
  plan.warnings.push(...warnings)
  return applyPlan(plan, { ...options, contentDir, redirectsFile })
}
