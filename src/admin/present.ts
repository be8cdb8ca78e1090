import { absoluteUrl } from '../config'
import { findEssay } from '../content/catalog'
import type { Comment } from '../db/schema'
import type { Env } from '../env'
import { currentHtml } from '../lib/comment-markdown'
import { cutText } from '../lib/text'
import { essayPath } from '../lib/urls'

/** How the admin shows comments and essays: in its JSON, on its pages and in notifications. */

export function essayTitle(slug: string): string {
  return findEssay(slug)?.title ?? slug
}

/** A comment's text on one line, for an excerpt (shortened with `cutText`). */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/** A time as moderators read it: "2024-01-01 12:00 UTC". */
export const formatUtc = (ms: number) =>
  new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC'

export type ParentComment = Pick<Comment, 'id' | 'authorName' | 'body' | 'status'>

/** What moderators see of a comment: everything, including what the public never does (email, IP hash, user agent). */
export function commentJson(env: Env, row: Comment, parent?: ParentComment) {
  let spamSignals: unknown
  try {
    spamSignals = row.spamSignals ? JSON.parse(row.spamSignals) : null
  } catch {
    spamSignals = row.spamSignals
  }
  return {
    id: row.id,
    status: row.status,
    previousStatus: row.previousStatus,
    essay: {
      slug: row.essaySlug,
      title: essayTitle(row.essaySlug),
      url: absoluteUrl(env, essayPath(row.essaySlug)),
    },
    parentId: row.parentId,
    parent: parent
      ? {
          id: parent.id,
          authorName: parent.authorName,
          excerpt: cutText(oneLine(parent.body), 160),
          status: parent.status,
        }
      : null,
    depth: row.depth,
    authorName: row.authorName,
    authorEmail: row.authorEmail,
    authorUrl: row.authorUrl,
    body: row.body,
    // The HTML readers see (stored, or rendered now for a row from before the renderer).
    html: currentHtml(row),
    bodyHtmlVersion: row.bodyHtmlVersion,
    isAuthor: Boolean(row.isAuthor),
    pinned: row.pinnedAt !== null,
    pinnedAt: row.pinnedAt === null ? null : new Date(row.pinnedAt).toISOString(),
    editedAt: row.editedAt === null ? null : new Date(row.editedAt).toISOString(),
    deletedAt: row.deletedAt === null ? null : new Date(row.deletedAt).toISOString(),
    origin: row.origin,
    originUrl: row.originUrl,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    ipHash: row.ipHash,
    userAgent: row.userAgent,
    spamSignals,
    source: row.source,
  }
}
