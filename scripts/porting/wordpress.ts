/**
 * The WordPress importer: which WXR items become essays, under which slugs, with which comments
 * and old links (planWordpress, writing nothing), then the import itself (runWordpressImport).
 * The per-item conversions live beside it: wordpress-essay.ts (post -> essay file),
 * wordpress-comments.ts (comments), wordpress-permalinks.ts (old paths -> redirects).
 */
import { join } from 'node:path'
import {
  threadComments,
  threadIndex,
  threadNode,
  type SourceComment,
  type ThreadNode,
  type ThreadIndex,
} from './comments.ts'
import { root } from './d1.ts'
import { parseWpDate } from './dates.ts'
import { essayExists, toSlug, type EssayFile } from './essay-files.ts'
import { decodeInline, htmlToMarkdown } from './html.ts'
import { type ImportOptions, ipHasher } from './import-options.ts'
import { applyPlan, count, emptyPlan, list, type ImportPlan, type ImportSummary } from './plan.ts'
import { fileProgress } from './progress.ts'
import { spoolIn, withSpoolDir } from './spool.ts'
import { sourceComment, sourceComments, type PostKey } from './wordpress-comments.ts'
import { essayFile, type PostFacts } from './wordpress-essay.ts'
import { oldPermalinks } from './wordpress-permalinks.ts'
import { streamWxr, type WxrComment, type WxrFile, type WxrHeader, type WxrItem } from './wxr.ts'

/** What the planner decided about one item: the post its comments belong to, and its file if one is written. */
export interface ItemDecision {
  post: PostKey
  essay: PostFacts | null
}

/**
 * Decides the items one by one (which become essays, under which slugs, with which old links), as
 * they are read; `finish` adds what needs the whole file (the header's warnings, the old links).
 */
export function wordpressPlanner(options: { contentDir: string; force?: boolean }) {
  const plan = emptyPlan()
  const taken = new Map<string, string>()
  // Old links need the site URL and generator, which a streamed file may name after its items.
  const published: Array<{ item: WxrItem; slug: string }> = []

  function item(item: WxrItem): ItemDecision | null {
    const kind = item.postType || 'post'
    const label = `"${decodeInline(item.title) || item.postName || item.id}" (${kind} ${item.id || '?'}, line ${item.line})`
    if (kind !== 'post' && kind !== 'page') {
      count(plan, 'otherItems')
      return null
    }
    const status = item.status || 'publish'
    if (item.password.trim()) {
      count(plan, 'skippedPosts')
      list(plan, 'skipped: password-protected', label)
      return null
    }
    if (status === 'private' || status === 'trash') {
      count(plan, 'skippedPosts')
      list(plan, `skipped: ${status}`, label)
      return null
    }
    const draft = ['draft', 'pending', 'future', 'auto-draft'].includes(status)
    if (!draft && status !== 'publish') {
      count(plan, 'otherItems')
      return null
    }
    if (status === 'auto-draft' && !item.content.trim()) {
      count(plan, 'otherItems')
      return null
    }
    let slug =
      toSlug(item.postName) ||
      toSlug(decodeInline(item.title)) ||
      (item.id ? `post-${item.id}` : '')
    if (!slug) {
      count(plan, 'skippedPosts')
      list(plan, 'skipped: no slug, title or id', label)
      return null
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
    let essay: PostFacts | null = null
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
      essay = { slug, title, date, modified, draft, page: kind === 'page', body }
    }
    if (!draft) published.push({ item: { ...item, content: '', excerpt: '', comments: [] }, slug })
    return { post: { id: item.id, slug, date }, essay }
  }

  /** Adds the header's warnings (first) and the old links, and the threading's counts. */
  function finish(header: WxrHeader, threads: Pick<ThreadIndex, 'orphans' | 'flattened'>) {
    plan.warnings.unshift(...header.warnings)
    if (!/edge-blog/i.test(header.generator))
      for (const { item, slug } of published)
        Object.assign(plan.redirects, oldPermalinks(item, slug, header.siteUrl))
    if (threads.orphans.length) count(plan, 'orphans', threads.orphans.length)
    for (const orphan of threads.orphans)
      list(plan, 'replies to missing comments (imported as top-level)', orphan)
    if (threads.flattened) count(plan, 'flattened', threads.flattened)
    return plan
  }

  return { plan, item, finish }
}

/** Builds the whole import from an export read into memory (readWxr), writing nothing. */
export function planWordpress(
  wxr: WxrFile,
  options: { contentDir: string; force?: boolean; hashIp: (ip: string) => string | null },
): ImportPlan {
  const planner = wordpressPlanner(options)
  const sources: SourceComment[] = []
  for (const item of wxr.items) {
    const decision = planner.item(item)
    if (!decision) continue
    if (decision.essay) planner.plan.essays.push(essayFile(item, wxr, decision.essay))
    sources.push(...sourceComments(planner.plan, item, decision.post))
  }
  const threaded = threadComments(sources, options.hashIp)
  planner.plan.comments = threaded.rows
  return planner.finish(wxr, threaded)
}

/**
 * `npm run import:wordpress`: reads the file once, checking all of it, with its comments and posts
 * going to spools on disk and only the thread index in memory; then writes comments (in D1
 * batches), essays and old links. A bad record anywhere, even the last, means nothing is written.
 */
export async function runWordpressImport(options: ImportOptions): Promise<ImportSummary> {
  const contentDir = options.contentDir ?? join(root, 'content')
  const redirectsFile = options.redirectsFile ?? join(contentDir, 'redirects.json')
  return withSpoolDir(async (dir) => {
    const planner = wordpressPlanner({ contentDir, force: options.force })
    const raw = spoolIn<[number, WxrComment]>(dir, 'wxr-comments')
    const posts = spoolIn<{ item: WxrItem; essay: PostFacts }>(dir, 'wxr-posts')
    const decisions: Array<PostKey | null> = []
    const progress = fileProgress(options.progress ?? false)
    let header: WxrHeader
    try {
      header = await streamWxr(options.file, {
        maxBytes: options.maxBytes,
        onProgress: (read, total) => {
          progress.update(read, total)
          options.onProgress?.(read, total)
        },
        // A comment comes before the end of its item, where the item is decided: kept raw until then.
        onComment: (comment, index) => raw.append([index, comment]),
        onItem: (item, index) => {
          const decision = planner.item(item)
          decisions[index] = decision?.post ?? null
          if (decision?.essay) posts.append({ item, essay: decision.essay })
        },
      })
    } finally {
      progress.stop()
    }
    const plan = planner.plan
    const comments = spoolIn<SourceComment>(dir, 'comments')
    const nodes: ThreadNode[] = []
    let seen = new Set<string>()
    let current = -1
    let sawIp = false
    for await (const [index, comment] of raw.read()) {
      const post = decisions[index]
      if (!post) continue
      if (index !== current) [seen, current] = [new Set(), index]
      const source = sourceComment(plan, post, comment, seen)
      if (!source) continue
      comments.append(source)
      nodes.push(threadNode(source))
      sawIp ||= source.ip !== null
    }
    const index = threadIndex(nodes)
    nodes.length = 0
    planner.finish(header, index)
    const essays = spoolIn<EssayFile>(dir, 'essays')
    for await (const { item, essay } of posts.read()) essays.append(essayFile(item, header, essay))
    const hashIp = ipHasher(options, plan.warnings)
    // Asked now, so a missing SECRET_KEY is in the summary even on a dry run (it warns once).
    if (sawIp) hashIp('192.0.2.1')
    return applyPlan(
      plan,
      { ...options, contentDir, redirectsFile },
      { comments, index, hashIp, essays },
    )
  })
}
