import type { CommentStatus } from '../../src/db/schema.ts'
import { commentIdFor } from './ids.ts'

import { MAX_DEPTH } from '../../src/comments/store.ts'
import { readerAddress } from '../../src/lib/client-ip.ts'
import type { ExportRow } from '../../src/admin/export/format.ts'

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
}

export interface ThreadReport {
  rows: CommentRow[]
  /** Replies whose parent is not in the file: imported as top-level. */
  orphans: string[]
  /** Replies deeper than MAX_DEPTH: attached to the deepest allowed ancestor. */
  flattened: number
}

/**
 * Turns source comments into rows: parent ids resolved, depth computed, too-deep replies re-attached
 * to their ancestor at MAX_DEPTH - 1 (so they sit at the deepest live level, dates and order kept),
 * replies to missing comments made top-level. Cycles (a corrupt export) are broken the same way.
 */
export function threadComments(
  comments: SourceComment[],
  hashIp: (ip: string) => string | null,
): ThreadReport {
  const bySource = new Map(comments.map((comment) => [comment.source, comment]))
  const orphans: string[] = []
  let flattened = 0
  const chains = new Map<string, string[]>()

  // The chain of ancestors from the top-level comment down to this one (inclusive).
  const chainOf = (comment: SourceComment): string[] => {
    const known = chains.get(comment.source)
    if (known) return known
    const path: SourceComment[] = []
    const seen = new Set<string>()
    let current: SourceComment | undefined = comment
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
      const parent: SourceComment | undefined = current.parentSource
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

  const rows: CommentRow[] = []
  for (const comment of comments) {
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
    rows.push({
      id: commentIdFor(comment.source),
      essay_slug: comment.essaySlug,
      parent_id: parentSource ? commentIdFor(parentSource) : null,
      depth,
      author_name: comment.authorName,
      author_email: comment.authorEmail,
      author_url: comment.authorUrl,
      body: comment.body,
      status: comment.status,
      previous_status: comment.previousStatus,
      created_at: comment.createdAt,
      updated_at: comment.updatedAt,
      // Keyed as the live site keys it (IPv6 by its /64), so an imported reader hashes the same there.
      ip_hash: comment.ip ? hashIp(readerAddress(comment.ip)) : null,
      user_agent: comment.userAgent,
      source: comment.source,
    })
  }
  // Parents before children, so the rows could be applied in any batch split.
  rows.sort((a, b) => a.depth - b.depth)
  return { rows, orphans, flattened }
}

export function countByStatus(rows: CommentRow[]): Record<CommentStatus, number> {
  const counts: Record<CommentStatus, number> = { approved: 0, pending: 0, spam: 0, trash: 0 }
  for (const row of rows) counts[row.status]++
  return counts
}
