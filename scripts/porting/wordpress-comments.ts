/** A WXR post's comments, as the source comments the threading step takes (see comments.ts). */
import type { CommentStatus } from '../../src/db/schema.ts'
import type { SourceComment } from './comments.ts'
import { cleanEmail, cleanUrl } from './commenter.ts'
import { parseWpDate } from './dates.ts'
import { decodeInline, htmlToText } from './html.ts'
import { count, type ImportPlan, importableBody, skipComment } from './plan.ts'
import type { WxrComment, WxrItem } from './wxr.ts'

/** wp:comment_approved (and _wp_trash_meta_status) values, as this blog's statuses. */
const STATUS: Record<string, CommentStatus> = {
  '1': 'approved',
  approve: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'trash',
  'post-trashed': 'trash',
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

/**
 * The post's comments (pingbacks, trackbacks and other types counted, not imported), each keyed
 * `wordpress:<post id>:<comment id>`. Skips, with a warning, a comment with no id, a repeated id
 * and a body the live form would refuse; an undated comment takes the post's date.
 */
export function sourceComments(
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
