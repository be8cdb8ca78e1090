import type { CommentStatus } from '../../src/db/schema.ts'
import {
  commentRow,
  countByStatus,
  MAX_DEPTH,
  type CommentRow,
  type SourceComment,
  type ThreadIndex,
} from './comments.ts'
import {
  applyMigrations,
  BatchWriter,
  describeTarget,
  executeStatements,
  MAX_BATCH_BYTES,
  type BatchOptions,
  type D1Target,
} from './d1.ts'
import { writeEssays, type EssayFile } from './essay-files.ts'
import {
  mergeRedirects,
  readRedirects,
  writeRedirects,
  type RedirectMap,
} from './redirects-file.ts'
import { rowProgress } from './progress.ts'
import type { Spool } from './spool.ts'
import { CommentInserts, commentInserts } from './sql.ts'
import { LIMITS } from '../../src/comments/validate.ts'

/** Everything an import will do, decided before anything is written. */
export interface ImportPlan {
  essays: EssayFile[]
  comments: CommentRow[]
  redirects: RedirectMap
  counts: Record<string, number>
  /** Named lists: skipped posts by reason, files left alone, orphaned replies... */
  lists: Record<string, string[]>
  warnings: string[]
}

export interface ApplyOptions extends D1Target, BatchOptions {
  contentDir: string
  redirectsFile: string
  dryRun?: boolean
  /** Create the tables first when missing (local databases only; deploys migrate the remote one). */
  migrate?: boolean
  log?: (line: string) => void
  /** Show a bar while writing comments (a terminal). */
  progress?: boolean
}

/**
 * A streamed import's comments and essays: on disk in spools, in file order, checked already; the
 * thread index (no bodies) in memory. applyPlan writes them in D1 batches, never all at once.
 */
export interface StreamedWrites {
  comments: Spool<SourceComment>
  index: ThreadIndex
  hashIp: (ip: string) => string | null
  essays?: Spool<EssayFile>
}

export interface ImportSummary {
  counts: Record<string, number>
  comments: Record<CommentStatus, number>
  lists: Record<string, string[]>
  warnings: string[]
  redirectsAdded: number
  dryRun: boolean
  target: string
}

export function emptyPlan(): ImportPlan {
  return { essays: [], comments: [], redirects: {}, counts: {}, lists: {}, warnings: [] }
}

export function count(plan: ImportPlan, key: string, by = 1) {
  plan.counts[key] = (plan.counts[key] ?? 0) + by
}

/** A comment left out of the import: counted, and the reason listed in the summary's warnings. */
export function skipComment(plan: ImportPlan, warning: string) {
  count(plan, 'commentsSkipped')
  plan.warnings.push(warning)
}

/**
 * The comment's text when the live form would take it, else null with the comment skipped and the
 * reason listed: longer comments are skipped rather than cut, so nothing is silently truncated.
 */
export function importableBody(plan: ImportPlan, where: string, body: string): string | null {
  if (!body) skipComment(plan, `${where}: is empty, skipped`)
  else if (Buffer.byteLength(body) > LIMITS.bodyBytes)
    skipComment(plan, `${where}: is over ${LIMITS.bodyBytes} bytes, skipped`)
  else return body
  return null
}

export function list(plan: ImportPlan, key: string, entry: string) {
  ;(plan.lists[key] ??= []).push(entry)
}

/** Comments by status, counted from the thread index (each source key once). */
function countPlaced(index: ThreadIndex): Record<CommentStatus, number> {
  const counts: Record<CommentStatus, number> = { approved: 0, pending: 0, spam: 0, trash: 0 }
  for (const placement of index.placements.values()) counts[placement.status]++
  return counts
}

/**
 * Streams the spooled comments into D1: rows become INSERTs as they are read, INSERTs go out in
 * batches of MAX_BATCH_BYTES. One pass over the spool per depth puts parents before children, so a
 * failed batch never leaves a reply without its parent (a re-run completes it).
 */
async function writeStreamed(streamed: StreamedWrites, writer: BatchWriter, progress: boolean) {
  const inserts = new CommentInserts()
  const bar = rowProgress(progress, streamed.comments.count)
  let rows = 0
  try {
    for (let depth = 0; depth <= MAX_DEPTH; depth++) {
      for await (const comment of streamed.comments.read()) {
        const placement = streamed.index.placements.get(comment.source)
        if (!placement || placement.depth !== depth) continue
        const full = inserts.add(commentRow(comment, placement, streamed.hashIp))
        if (full) await writer.add(full)
        bar.update(++rows)
      }
    }
    const last = inserts.end()
    if (last) await writer.add(last)
    await writer.finish()
  } finally {
    bar.stop()
    await writer.close()
  }
}

/** Writes the plan: comments to D1 first (the step most likely to fail), then essay files, then the redirect map. */
export async function applyPlan(
  plan: ImportPlan,
  options: ApplyOptions,
  streamed?: StreamedWrites,
): Promise<ImportSummary> {
  const log = options.log ?? (() => {})
  const existingRedirects = await readRedirects(options.redirectsFile)
  const { merged, added, conflicts } = mergeRedirects(existingRedirects, plan.redirects)
  for (const conflict of conflicts) plan.warnings.push(`redirect kept: ${conflict}`)
  const total = streamed ? streamed.comments.count : plan.comments.length
  if (!options.dryRun) {
    if (total > 0) {
      if (options.migrate !== false && !options.remote) await applyMigrations(options)
      log(
        `writing ${total} comment(s) to ${describeTarget(options)} in D1 batches of up to ${(options.batchBytes ?? MAX_BATCH_BYTES) / 1e6} MB`,
      )
      if (streamed)
        await writeStreamed(streamed, new BatchWriter(options), options.progress ?? false)
      else await executeStatements(commentInserts(plan.comments), options)
    }
    if (plan.essays.length > 0) await writeEssays(options.contentDir, plan.essays)
    if (streamed?.essays)
      for await (const essay of streamed.essays.read())
        await writeEssays(options.contentDir, [essay])
    if (added > 0) await writeRedirects(options.redirectsFile, merged)
  }
  return {
    counts: plan.counts,
    comments: streamed ? countPlaced(streamed.index) : countByStatus(plan.comments),
    lists: plan.lists,
    warnings: plan.warnings,
    redirectsAdded: added,
    dryRun: Boolean(options.dryRun),
    target: describeTarget(options),
  }
}
