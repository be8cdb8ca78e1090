import { join } from 'node:path'
import type { CommentStatus } from '../../src/db/schema.ts'
import {
  threadComments,
  threadIndex,
  threadNode,
  type SourceComment,
  type ThreadIndex,
  type ThreadNode,
} from './comments.ts'
import { cleanEmail } from './commenter.ts'
import { parseAnyDate } from './dates.ts'
import { root } from './d1.ts'
import { toSlug } from './essay-files.ts'
import { commentHtmlToMarkdown, decodeInline } from './html.ts'
import { type ImportOptions, ipHasher } from './import-options.ts'
import { knownSlugs } from './known-essays.ts'
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
import { spoolIn, withSpoolDir } from './spool.ts'
import { normalizeOldPath, readRedirects, type RedirectMap } from './redirects-file.ts'
import { readDisqus, streamDisqus, type DisqusPost, type DisqusThread } from './disqus-reader.ts'

export { readDisqus, streamDisqus, type DisqusPost, type DisqusThread } from './disqus-reader.ts'

/** Which essay a Disqus thread belongs to: /essays/<slug>, an old WordPress link, a trailing slug, or the thread identifier. */
export function matchThread(
  thread: DisqusThread,
  slugs: Set<string>,
  redirects: RedirectMap,
): string | null {
  let path = ''
  let search = ''
  try {
    const url = new URL(thread.link)
    path = normalizeOldPath(url.pathname)
    search = url.search
  } catch {
    // No usable link; try the identifier.
  }
  const essay = path.match(/^\/essays\/([a-z0-9-]+)\/?$/)
  if (essay) return essay[1]!
  const p = search.match(/[?&](?:p|page_id)=(\d+)/)
  const candidates = [
    path,
    path.endsWith('/') ? path.slice(0, -1) : `${path}/`,
    p ? `/?p=${p[1]}` : '',
  ]
  for (const candidate of candidates)
    if (candidate && redirects[candidate]) return redirects[candidate]!
  const segment = toSlug(path.split('/').filter(Boolean).at(-1) ?? '')
  if (segment && slugs.has(segment)) return segment
  // The WordPress Disqus plugin's identifiers look like "123 https://site/?p=123".
  const wpId = thread.identifier.match(/^(\d+)\s/)
  if (wpId && redirects[`/?p=${wpId[1]}`]) return redirects[`/?p=${wpId[1]}`]!
  const identifier = toSlug(thread.identifier)
  if (identifier && slugs.has(identifier)) return identifier
  return null
}

interface DisqusOptions {
  slugs: Set<string>
  redirects: RedirectMap
  hashIp: (ip: string) => string | null
}

/**
 * Decides the posts one by one (each as a source comment, or skipped with its reason), once the
 * threads are known; `finish` counts the threads and the threading's outcome.
 */
function disqusPlanner(threads: Map<string, DisqusThread>, options: Omit<DisqusOptions, 'hashIp'>) {
  const plan = emptyPlan()
  const slugFor = new Map<string, string | null>()
  for (const thread of threads.values())
    slugFor.set(thread.id, matchThread(thread, options.slugs, options.redirects))
  const used = new Set<string>()
  const withPosts = new Set<string>()
  const sources = new Set<string>()

  function post(post: DisqusPost): SourceComment | null {
    withPosts.add(post.threadId)
    const where = `post ${post.id || '?'} (line ${post.line})`
    if (!post.id) {
      skipComment(plan, `${where}: has no dsq:id, skipped`)
      return null
    }
    const slug = slugFor.get(post.threadId)
    if (!slug) {
      count(plan, 'commentsSkipped')
      if (!slugFor.has(post.threadId))
        plan.warnings.push(
          `${where}: its thread ${post.threadId || '(none)'} is not in the file, skipped`,
        )
      return null
    }
    used.add(post.threadId)
    const body = importableBody(
      plan,
      where,
      commentHtmlToMarkdown(post.message) || (post.isDeleted ? '(deleted on Disqus)' : ''),
    )
    if (body === null) return null
    if (sources.has(post.id)) {
      skipComment(plan, `${where}: the same dsq:id appears twice, the second was skipped`)
      return null
    }
    sources.add(post.id)
    const created = parseAnyDate(post.createdAt)
    if (created === null) plan.warnings.push(`${where}: has no valid createdAt; dated 1970-01-01`)
    const status: CommentStatus = post.isSpam ? 'spam' : post.isDeleted ? 'trash' : 'approved'
    return {
      source: `disqus:${post.id}`,
      parentSource: post.parentId ? `disqus:${post.parentId}` : null,
      essaySlug: slug,
      authorName: decodeInline(post.name || post.username).slice(0, 245) || 'Anonymous',
      authorEmail: cleanEmail(post.email),
      authorUrl: null,
      body,
      status,
      previousStatus: status === 'approved' ? null : 'approved',
      createdAt: created ?? 0,
      updatedAt: created ?? 0,
      ip: post.ip || null,
      userAgent: null,
      label: where,
    }
  }

  function finish(threaded: Pick<ThreadIndex, 'orphans' | 'flattened'>) {
    for (const thread of threads.values()) {
      if (slugFor.get(thread.id)) {
        if (used.has(thread.id)) count(plan, 'threads')
      } else if (withPosts.has(thread.id)) {
        count(plan, 'threadsUnmatched')
        list(
          plan,
          'threads with no matching essay (their comments were skipped)',
          `${thread.link || thread.identifier || thread.id} (line ${thread.line})`,
        )
      }
    }
    if (threaded.orphans.length) count(plan, 'orphans', threaded.orphans.length)
    for (const orphan of threaded.orphans)
      list(plan, 'replies to missing comments (imported as top-level)', orphan)
    if (threaded.flattened) count(plan, 'flattened', threaded.flattened)
    return plan
  }

  return { plan, post, finish }
}

/** Builds the import from an export read into memory (readDisqus), writing nothing. */
export function planDisqus(
  data: Awaited<ReturnType<typeof readDisqus>>,
  options: DisqusOptions,
): ImportPlan {
  const planner = disqusPlanner(data.threads, options)
  const sources: SourceComment[] = []
  for (const post of data.posts) {
    const source = planner.post(post)
    if (source) sources.push(source)
  }
  const threaded = threadComments(sources, options.hashIp)
  planner.plan.comments = threaded.rows
  return planner.finish(threaded)
}

/**
 * `npm run import:disqus`: comments only; essays must already be in content/ (import WordPress
 * first if they came from there). Reads the file once, checking all of it, posts spooled to disk
 * (threads, which are small, in memory); then writes the comments in D1 batches.
 */
export async function runDisqusImport(options: ImportOptions): Promise<ImportSummary> {
  const contentDir = options.contentDir ?? join(root, 'content')
  const redirectsFile = options.redirectsFile ?? join(contentDir, 'redirects.json')
  return withSpoolDir(async (dir) => {
    const threads = new Map<string, DisqusThread>()
    const raw = spoolIn<DisqusPost>(dir, 'disqus-posts')
    const progress = fileProgress(options.progress ?? false)
    try {
      await streamDisqus(options.file, {
        maxBytes: options.maxBytes,
        onProgress: (read, total) => {
          progress.update(read, total)
          options.onProgress?.(read, total)
        },
        onThread: (thread) => threads.set(thread.id, thread),
        onPost: (post) => raw.append(post),
      })
    } finally {
      progress.stop()
    }
    const planner = disqusPlanner(threads, {
      slugs: await knownSlugs(contentDir),
      redirects: await readRedirects(redirectsFile),
    })
    const comments = spoolIn<SourceComment>(dir, 'comments')
    const nodes: ThreadNode[] = []
    let sawIp = false
    for await (const post of raw.read()) {
      const source = planner.post(post)
      if (!source) continue
      comments.append(source)
      nodes.push(threadNode(source))
      sawIp ||= source.ip !== null
    }
    const index = threadIndex(nodes)
    nodes.length = 0
    const plan = planner.finish(index)
    const hashIp = ipHasher(options, plan.warnings)
    // Asked now, so a missing SECRET_KEY is in the summary even on a dry run (it warns once).
    if (sawIp) hashIp('192.0.2.1')
    return applyPlan(plan, { ...options, contentDir, redirectsFile }, { comments, index, hashIp })
  })
}
