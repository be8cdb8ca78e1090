/** A WXR post's comments, as the source comments the threading step takes (see comments.ts). */
import type { CommentStatus } from '../../src/db/schema.ts'
import type { SourceComment } from './comments.ts'
import { cleanEmail, cleanUrl } from './commenter.ts'
import { parseWpDate } from './dates.ts'
import { commentHtmlToMarkdown, decodeInline } from './html.ts'
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

/** What the comments of a post need from it: its WordPress id, its new slug and its date. */
export interface PostKey {
  id: string
  slug: string
  /** ms since the epoch: an undated comment takes it. */
  date: number
}

/**
 * One comment of a post as a source comment (the threading step's input, see comments.ts), keyed
 * `wordpress:<post id>:<comment id>`; null when it is not imported: pingbacks, trackbacks and other
 * types counted, and, with a warning, a comment with no id, an id already in `seen` (the post's ids
 * so far) and a body the live form would refuse. An undated comment takes the post's date.
 */
export function sourceComment(
  plan: ImportPlan,
  post: PostKey,
  comment: WxrComment,
  seen: Set<string>,
): SourceComment | null {
  const where = `comment ${comment.id || '?'} on "${post.slug}" (line ${comment.line})`
  const type = comment.type || 'comment'
  if (type === 'pingback' || type === 'trackback') {
    count(plan, 'pingbacks')
    return null
  }
  if (type !== 'comment') {
    count(plan, 'otherCommentTypes')
    return null
  }
  if (!comment.id) {
    skipComment(plan, `${where}: has no wp:comment_id, skipped`)
    return null
  }
  if (seen.has(comment.id)) {
    skipComment(
      plan,
      `${where}: the same comment id appears twice in this post, the second was skipped`,
    )
    return null
  }
  seen.add(comment.id)
  const body = importableBody(plan, where, commentHtmlToMarkdown(comment.content))
  if (body === null) return null
  let created = parseWpDate(comment.dateGmt)
  if (created === null) {
    created = parseWpDate(comment.date)
    if (created === null) {
      plan.warnings.push(`${where}: has no date; given the post's date`)
      created = post.date
    }
  }
  const { status, previous } = commentStatus(comment, plan.warnings, where)
  const parent = comment.parent && comment.parent !== '0' ? comment.parent : null
  return {
    source: `wordpress:${post.id}:${comment.id}`,
    parentSource: parent ? `wordpress:${post.id}:${parent}` : null,
    essaySlug: post.slug,
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
  }
}

/** All of a post's comments (an item read whole, see readWxr), as sourceComment takes them. */
export function sourceComments(plan: ImportPlan, item: WxrItem, post: PostKey): SourceComment[] {
  const seen = new Set<string>()
  const out: SourceComment[] = []
  for (const comment of item.comments) {
    const source = sourceComment(plan, post, comment, seen)
    if (source) out.push(source)
  }
  return out
}
