import { withAllBodies } from '../../content/bodies'
import { bodyPacks } from '../../generated/content'
import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm'
import { Hono } from 'hono'
import * as v from 'valibot'
import { config } from '../../config'
import { database, type Database } from '../../db/client'
import { comments } from '../../db/schema'
import { recordFullExport } from '../audit'
import { currentAdmin, requireAdmin } from '../auth'
import type { AdminEnv } from '../types'
import { findEssay, listEssays } from '../../content/catalog'
import { site } from '../../generated/content'
import { randomId } from '../../lib/crypto'
import { valid } from '../../lib/schema'
import { EXPORT_PAGE_SIZE, exportJson, exportWxr, type ExportRow } from './format'

/** Every comment, page by page in (essay, created, id) order: each query resumes after the last row it saw. */
export async function* commentPages(
  db: Database,
  pageSize = EXPORT_PAGE_SIZE,
): AsyncGenerator<ExportRow[]> {
  let after: ExportRow | undefined
  for (;;) {
    const resume: SQL | undefined = after
      ? or(
          gt(comments.essaySlug, after.essay_slug),
          and(eq(comments.essaySlug, after.essay_slug), gt(comments.createdAt, after.created_at)),
          and(
            eq(comments.essaySlug, after.essay_slug),
            eq(comments.createdAt, after.created_at),
            gt(comments.id, after.id),
          ),
        )
      : undefined
    const page = await db
      .select({
        id: comments.id,
        essay_slug: comments.essaySlug,
        parent_id: comments.parentId,
        depth: comments.depth,
        author_name: comments.authorName,
        author_email: comments.authorEmail,
        author_url: comments.authorUrl,
        body: comments.body,
        body_html: comments.bodyHtml,
        body_html_version: comments.bodyHtmlVersion,
        status: comments.status,
        previous_status: comments.previousStatus,
        created_at: comments.createdAt,
        updated_at: comments.updatedAt,
        source: comments.source,
      })
      .from(comments)
      .where(resume)
      .orderBy(asc(comments.essaySlug), asc(comments.createdAt), asc(comments.id))
      .limit(pageSize)
    if (page.length > 0) yield page
    if (page.length < pageSize) return
    after = page.at(-1)
  }
}

const FORMATS = {
  json: { type: 'application/json; charset=utf-8', extension: 'json', render: exportJson },
  wxr: { type: 'application/rss+xml; charset=utf-8', extension: 'xml', render: exportWxr },
} as const

const exportQuery = v.object({
  format: v.optional(v.picklist(['json', 'wxr'], 'must be json or wxr'), 'json'),
})

/**
 * GET /api/admin/export/comments?format=json|wxr. Mounted under /api/admin, so the admin gate has
 * already authenticated the request; streamed, so a large blog never holds every comment in memory.
 * It hands out every reader's email, so it is audited (who, format, how many) before a byte is sent:
 * no audit row, no export.
 */
export const exportRoutes = new Hono<AdminEnv>()
  .use('*', requireAdmin)
  .get(
    '/comments',
    valid('query', exportQuery, { message: ({ format }) => format && `format: ${format}` }),
    async (c) => {
      const { format } = c.req.valid('query')
      const { type, extension, render } = FORMATS[format]
      const siteUrl = config(c.env).siteUrl
      const db = database(c.env.DB)
      await recordFullExport(db, currentAdmin(c).actor, format)
      // The WXR carries each essay's body; a large blog keeps them in the static assets (the build's packs).
      const bodies = new Map(
        (format === 'wxr' ? await withAllBodies(c.env.ASSETS, listEssays(), bodyPacks) : []).map(
          (essay) => [essay.slug, essay],
        ),
      )
      const chunks = render(commentPages(db), {
        siteUrl,
        siteTitle: site.title,
        essay: (slug) => bodies.get(slug) ?? findEssay(slug),
        authors: [site.author, ...listEssays().map((essay) => essay.author)],
      })
      const encoder = new TextEncoder()
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = await chunks.next()
          if (next.done) controller.close()
          else controller.enqueue(encoder.encode(next.value))
        },
        async cancel() {
          await chunks.return(undefined)
        },
      })
      const day = new Date().toISOString().slice(0, 10)
      return c.body(body, 200, {
        'Content-Type': type,
        'Content-Disposition': `attachment; filename="comments-${day}.${extension}"`,
        'Cache-Control': 'private, no-store',
        // A fresh validator up front: without one the ETag middleware would read the whole stream to hash it.
        ETag: `"export-${randomId()}"`,
      })
    },
  )
