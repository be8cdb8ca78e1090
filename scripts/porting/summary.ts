import type { ImportSummary } from './plan.ts'

const LABELS: Record<string, string> = {
  posts: 'posts',
  pages: 'pages',
  drafts: 'drafts (draft: true)',
  filesWritten: 'essay files written',
  filesExisting: 'essay files already there (kept; --force replaces)',
  emptyContent: 'posts without content (no file)',
  skippedPosts: 'posts skipped (private, password, trash)',
  otherItems: 'other items (attachments, menus, revisions...)',
  pingbacks: 'pingbacks and trackbacks skipped',
  otherCommentTypes: 'other comment types skipped (notes, reviews...)',
  commentsSkipped: 'comments skipped (see warnings)',
  orphans: 'replies to missing comments (made top-level)',
  flattened: 'replies deeper than 5 levels (attached at level 5)',
  threads: 'threads matched to essays',
  threadsUnmatched: 'threads with no matching essay (skipped)',
}

/** The closing table: what was imported, skipped and why, in columns a person can scan. */
export function formatSummary(title: string, summary: ImportSummary): string {
  const rows: Array<[string, string]> = []
  const keys = [
    ...Object.keys(LABELS),
    ...Object.keys(summary.counts).filter((key) => !(key in LABELS)),
  ]
  for (const key of keys)
    if ((summary.counts[key] ?? 0) > 0) rows.push([LABELS[key] ?? key, String(summary.counts[key])])
  const c = summary.comments
  const total = c.approved + c.pending + c.spam + c.trash
  rows.push([
    'comments',
    `${total} (approved ${c.approved}, pending ${c.pending}, spam ${c.spam}, trash ${c.trash})`,
  ])
  rows.push(['old links added to content/redirects.json', String(summary.redirectsAdded)])
  rows.push(['warnings', String(summary.warnings.length)])
  const width = Math.max(...rows.map(([label]) => label.length))
  const valueWidth = Math.max(...rows.map(([, value]) => value.length))
  const rule = `+${'-'.repeat(width + 2)}+${'-'.repeat(valueWidth + 2)}+`
  const lines = [
    `${title}${summary.dryRun ? ' (dry run: nothing written)' : ` -> ${summary.target}`}`,
    rule,
    ...rows.map(([label, value]) => `| ${label.padEnd(width)} | ${value.padStart(valueWidth)} |`),
    rule,
  ]
  for (const [name, entries] of Object.entries(summary.lists)) {
    if (entries.length === 0) continue
    lines.push(`${name}:`)
    for (const entry of entries.slice(0, 50)) lines.push(`  - ${entry}`)
    if (entries.length > 50) lines.push(`  ... and ${entries.length - 50} more`)
  }
  if (summary.warnings.length) {
    lines.push('warnings:')
    for (const warning of summary.warnings.slice(0, 50)) lines.push(`  ! ${warning}`)
    if (summary.warnings.length > 50) lines.push(`  ... and ${summary.warnings.length - 50} more`)
  }
  return lines.join('\n')
}
