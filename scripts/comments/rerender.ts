/**
 * Renders every stored comment whose HTML is missing or older than the renderer (body_html_version
 * below RENDERER_VERSION) and stores the result, in batches, with progress on stderr.
 *
 * Until a row is done, the worker renders it on the fly (src/lib/comment-markdown.ts currentHtml),
 * so running this is never urgent and an interrupted run can simply be started again.
 */
import { executeStatements, query, type D1Target } from '../porting/d1.ts'
import { renderComment, RENDERER_VERSION } from '../../src/lib/comment-markdown.ts'

/** Under D1's 100 KB statement limit with room for the rest of the UPDATE. */
export const CHUNK_BYTES = 80_000

export interface StaleRow {
  id: string
  body: string
  updated_at: number
}

/** An SQL text literal: quotes doubled. The rendered HTML has no NUL (markdown-it replaces it). */
const literal = (text: string) => `'${text.replace(/\0/g, '\uFFFD').replace(/'/g, "''")}'`

/** Splits text into pieces of at most `bytes` UTF-8 bytes, never inside a surrogate pair. */
export function chunks(text: string, bytes = CHUNK_BYTES): string[] {
  const out: string[] = []
  let start = 0
  let size = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const pair = code >= 0xd800 && code <= 0xdbff && i + 1 < text.length
    const width = pair ? 4 : code < 0x80 ? 1 : code < 0x800 ? 2 : 3
    if (size + width > bytes && i > start) {
      out.push(text.slice(start, i))
      start = i
      size = 0
    }
    size += width
    if (pair) i++
  }
  out.push(text.slice(start))
  return out
}

/**
 * The UPDATEs that store one row's HTML. Each is guarded by `updated_at`, so a comment edited since
 * it was read is left alone (the edit stored its own HTML). HTML longer than one statement is
 * written in pieces with the version set only by the last, so a half-written row still renders on
 * the fly and the next run redoes it.
 */
export function rerenderStatements(row: StaleRow): string[] {
  const html = renderComment(row.body)
  const guard = `WHERE id = ${literal(row.id)} AND updated_at = ${Math.trunc(row.updated_at)}`
  const pieces = chunks(html)
  if (pieces.length === 1)
    return [
      `UPDATE comments SET body_html = ${literal(html)}, body_html_version = ${RENDERER_VERSION} ${guard};`,
    ]
  return pieces.map((piece, i) => {
    const value = i === 0 ? literal(piece) : `body_html || ${literal(piece)}`
    const version = i === pieces.length - 1 ? RENDERER_VERSION : 'NULL'
    return `UPDATE comments SET body_html = ${value}, body_html_version = ${version} ${guard};`
  })
}

const STALE = `(body_html IS NULL OR body_html_version IS NULL OR body_html_version < ${RENDERER_VERSION})`

/** Rerenders every stale row of the target; returns how many rows it wrote. */
export async function rerenderAll(
  target: D1Target,
  options: { batchSize?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 200
  const [counted] = await query<{ n: number }>(
    `SELECT count(*) AS n FROM comments WHERE ${STALE}`,
    target,
  )
  const total = counted?.n ?? 0
  let done = 0
  let after = ''
  options.onProgress?.(0, total)
  for (;;) {
    // Keyset paging by id: rows fixed by this run drop out of STALE, and `id >` never revisits one.
    const rows = await query<StaleRow>(
      `SELECT id, body, updated_at FROM comments WHERE ${STALE} AND id > ${literal(after)} ORDER BY id LIMIT ${batchSize}`,
      target,
    )
    if (rows.length === 0) break
    await executeStatements(rows.flatMap(rerenderStatements), target)
    done += rows.length
    after = rows.at(-1)!.id
    options.onProgress?.(done, total)
  }
  return done
}
