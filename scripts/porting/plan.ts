import type { CommentStatus } from '../../src/db/schema.ts'
import { countByStatus, type CommentRow } from './comments.ts'
import { applyMigrations, describeTarget, executeStatements, type D1Target } from './d1.ts'
import { writeEssays, type EssayFile } from './essay-files.ts'
import {
  mergeRedirects,
  readRedirects,
  writeRedirects,
  type RedirectMap,
} from './redirects-file.ts'
import { commentInserts } from './sql.ts'
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

export interface ApplyOptions extends D1Target {
  contentDir: string
  redirectsFile: string
  dryRun?: boolean
  /** Create the tables first when missing (local databases only; deploys migrate the remote one). */
  migrate?: boolean
  log?: (line: string) => void
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

/** Writes the plan: comments to D1 first (the step most likely to fail), then essay files, then the redirect map. */
export async function applyPlan(plan: ImportPlan, options: ApplyOptions): Promise<ImportSummary> {
  const log = options.log ?? (() => {})
  const statements = commentInserts(plan.comments)
  const existingRedirects = await readRedirects(options.redirectsFile)
  const { merged, added, conflicts } = mergeRedirects(existingRedirects, plan.redirects)
  for (const conflict of conflicts) plan.warnings.push(`redirect kept: ${conflict}`)
  if (!options.dryRun) {
    if (statements.length > 0) {
      if (options.migrate !== false && !options.remote) await applyMigrations(options)
      log(
        `writing ${plan.comments.length} comment(s) to ${describeTarget(options)} in ${statements.length} statement(s)`,
      )
      await executeStatements(statements, options)
    }
    if (plan.essays.length > 0) await writeEssays(options.contentDir, plan.essays)
    if (added > 0) await writeRedirects(options.redirectsFile, merged)
  }
  return {
    counts: plan.counts,
    comments: countByStatus(plan.comments),
    lists: plan.lists,
    warnings: plan.warnings,
    redirectsAdded: added,
    dryRun: Boolean(options.dryRun),
    target: describeTarget(options),
  }
}
