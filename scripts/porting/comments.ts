import type { CommentStatus } from '../../src/db/schema.ts'
import { commentIdFor } from './ids.ts'

import { MAX_DEPTH } from '../../src/comments/store.ts'
import { readerAddress } from '../../src/lib/client-ip.ts'
import type { ExportRow } from '../../src/admin/export/format.ts'
import { renderedColumns } from '../../src/lib/comment-markdown.ts'

/** Deepest reply level the live comments allow (0 is top-level): imports flatten deeper chains to it. */
export { MAX_DEPTH }

/** A comment as read from an export, before threading. */
export interface SourceComment {
  /** Unique key of the comment in its source, e.g. "wordpress:12:345"; becomes the row's `source`. */
  source: string
  /** Key of the comment it replies to (same format), or null. */
  parentSource: string | null
  essaySlug: string
  authorName: string
  authorEmail: string
  authorUrl: string | null
  body: string
  status: CommentStatus
  previousStatus: CommentStatus | null
  createdAt: number
  updatedAt: number
  ip: string | null
  userAgent: string | null
  /** Where it is in the file, for warnings. */
  label: string
}

/** A row for the comments table: what the export writes, plus the moderator-only columns. */
export interface CommentRow extends ExportRow {
  ip_hash: string | null
  user_agent: string | null
  source: string
  /** How the comment arrived (migration 0004): always 'import' here, beside its `source` key. */
  origin: 'import'
  /** The body rendered by the live site's renderer at import time (null: too large for one statement, rendered later). */
  body_html: string | null
  body_html_version: number | null
}

export interface ThreadReport {
  rows: CommentRow[]
  /** Replies whose parent is not in the file: imported as top-level. */
  orphans: string[]
  /** Replies deeper than MAX_DEPTH: attached to the deepest allowed ancestor. */
  flattened: number
}

/** What threading needs of a comment: no body, so a whole export's worth stays small. */
export type ThreadNode = Pick<
  SourceComment,
  'source' | 'parentSource' | 'essaySlug' | 'label' | 'status'
>

/** Only what threading reads, so the index holds no bodies or names. */
export function threadNode(comment: SourceComment): ThreadNode {
  const { source, parentSource, essaySlug, label, status } = comment
  return { source, parentSource, essaySlug, label, status }
}

/** Where a comment lands: its (possibly re-attached) parent and its depth. */
export interface Placement {
  parentSource: string | null
  depth: number
  status: CommentStatus
}

export interface ThreadIndex {
  /** By source key; a key that appears twice is placed once (the later one wins, as before). */
  placements: Map<string, Placement>
  orphans: string[]
  flattened: number
}

/**
 * Threads comments: parent ids resolved, depth computed, too-deep replies re-attached to their
 * ancestor at MAX_DEPTH - 1 (so they sit at the deepest live level, dates and order kept), replies
 * to missing comments made top-level. Cycles (a corrupt export) are broken the same way. Takes only
 * ThreadNodes, so a streaming import can thread 100,000 comments whose bodies are on disk.
 */
export function threadIndex(nodes: ThreadNode[]): ThreadIndex {
  const bySource = new Map(nodes.map((node) => [node.source, node]))
  const orphans: string[] = []
  let flattened = 0
  const chains = new Map<string, string[]>()

  // The chain of ancestors from the top-level comment down to this one (inclusive).
  const chainOf = (comment: ThreadNode): string[] => {
    const known = chains.get(comment.source)
    if (known) return known
    const path: ThreadNode[] = []
    const seen = new Set<string>()
    let current: ThreadNode | undefined = comment
    let prefix: string[] = []
    while (current) {
      if (seen.has(current.source)) break
      const cached = chains.get(current.source)
      if (cached) {
        prefix = cached
        break
      }
      seen.add(current.source)
      path.push(current)
      const parent: ThreadNode | undefined = current.parentSource
        ? bySource.get(current.parentSource)
        : undefined
      current = parent && parent.essaySlug === current.essaySlug ? parent : undefined
    }
    let chain = prefix
    for (const node of path.reverse()) {
      chain = [...chain, node.source]
      chains.set(node.source, chain)
    }
    return chains.get(comment.source)!
  }

  const placements = new Map<string, Placement>()
  for (const comment of nodes) {
    let parentSource: string | null = null
    let depth = 0
    if (comment.parentSource) {
      const parent = bySource.get(comment.parentSource)
      if (!parent || parent.essaySlug !== comment.essaySlug) {
        orphans.push(comment.label)
      } else {
        const parentChain = chainOf(parent)
        if (parentChain.includes(comment.source)) {
          orphans.push(`${comment.label} (its replies form a loop)`)
        } else if (parentChain.length - 1 >= MAX_DEPTH) {
          parentSource = parentChain[MAX_DEPTH - 1]!
          depth = MAX_DEPTH
          flattened++
        } else {
          parentSource = parent.source
          depth = parentChain.length
        }
      }
    }
    placements.set(comment.source, { parentSource, depth, status: comment.status })
  }
  return { placements, orphans, flattened }
}

/** The comments-table row of a threaded comment. */
export function commentRow(
  comment: SourceComment,
  placement: Placement,
  hashIp: (ip: string) => string | null,
): CommentRow {
  return {
    id: commentIdFor(comment.source),
    essay_slug: comment.essaySlug,
    parent_id: placement.parentSource ? commentIdFor(placement.parentSource) : null,
    depth: placement.depth,
    author_name: comment.authorName,
    author_email: comment.authorEmail,
    author_url: comment.authorUrl,
    body: comment.body,
    // Rendered once, here, by the site's own renderer, as a comment written on the site is.
    ...(({ bodyHtml, bodyHtmlVersion }) => ({
      body_html: bodyHtml,
      body_html_version: bodyHtmlVersion,
    }))(renderedColumns(comment.body)),
    status: comment.status,
    previous_status: comment.previousStatus,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    // Keyed as the live site keys it (IPv6 by its /64), so an imported reader hashes the same there.
    ip_hash: comment.ip ? hashIp(readerAddress(comment.ip)) : null,
    user_agent: comment.userAgent,
    source: comment.source,
    origin: 'import',
  }
}

/** threadIndex and commentRow over comments in memory (small files, tests): rows parents first. */
export function threadComments(
  comments: SourceComment[],
  hashIp: (ip: string) => string | null,
): ThreadReport {
  const { placements, orphans, flattened } = threadIndex(comments)
  const rows = comments.map((comment) =>
    commentRow(comment, placements.get(comment.source)!, hashIp),
  )
  // Parents before children, so the rows could be applied in any batch split.
  rows.sort((a, b) => a.depth - b.depth)
  return { rows, orphans, flattened }
}

export function countByStatus(rows: CommentRow[]): Record<CommentStatus, number> {
  const counts: Record<CommentStatus, number> = { approved: 0, pending: 0, spam: 0, trash: 0 }
  for (const row of rows) counts[row.status]++
  return counts
}
