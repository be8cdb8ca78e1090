/**
 * The WordPress importer: which WXR items become essays, under which slugs, with which comments
 * and old links (planWordpress, writing nothing), then the import itself (runWordpressImport).
 * The per-item conversions live beside it: wordpress-essay.ts (post -> essay file),
 * wordpress-comments.ts (comments), wordpress-permalinks.ts (old paths -> redirects).
 */
import { join } from 'node:path'
import { threadComments, type SourceComment } from './comments.ts'
import { root } from './d1.ts'
import { parseWpDate } from './dates.ts'
import { essayExists, toSlug } from './essay-files.ts'
import { decodeInline, htmlToMarkdown } from './html.ts'
import { type ImportOptions, ipHasher } from './import-options.ts'
import { applyPlan, count, emptyPlan, list, type ImportPlan, type ImportSummary } from './plan.ts'
import { fileProgress } from './progress.ts'
import { sourceComments } from './wordpress-comments.ts'
import { essayFile } from './wordpress-essay.ts'
import { oldPermalinks } from './wordpress-permalinks.ts'
import { readWxr, type WxrFile } from './wxr.ts'

/** Builds the whole import from a parsed export, writing nothing. */
export function planWordpress(
  wxr: WxrFile,
  options: { contentDir: string; force?: boolean; hashIp: (ip: string) => string | null },
): ImportPlan {
  const plan = emptyPlan()
  plan.warnings.push(...wxr.warnings)
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
      plan.essays.push(
        essayFile(item, wxr, { slug, title, date, modified, draft, page: kind === 'page', body }),
      )
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
