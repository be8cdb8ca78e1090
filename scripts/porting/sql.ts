import { EXPORT_COLUMNS } from '../../src/admin/export/format.ts'
import type { CommentRow } from './comments.ts'

/** D1 refuses statements over 100 KB; stay well under so a multibyte-heavy row never tips one over. */
export const MAX_STATEMENT_BYTES = 90_000

// NUL cannot appear inside an SQL text literal; other C0 controls (except tab and newlines) are never meaningful in a comment.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** A value as an SQL literal: text single-quoted with quotes doubled, numbers as digits, null as NULL. */
export function sqlLiteral(value: string | number | null): string {
  if (value === null) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`)
    return String(Math.trunc(value))
  }
  // Lone surrogates would become U+FFFD in the UTF-8 file anyway; make that explicit.
  return `'${value.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD').replace(/'/g, "''")}'`
}

// Everything the export carries, plus the moderator-only columns the export leaves out.
const COLUMNS = [
  ...EXPORT_COLUMNS,
  'ip_hash',
  'user_agent',
  'origin',
  'body_html',
  'body_html_version',
] as const satisfies readonly (keyof CommentRow)[]

const byteLength = (text: string) => Buffer.byteLength(text, 'utf8')

const HEAD = `INSERT INTO comments (${COLUMNS.join(', ')}) VALUES\n`
const TAIL = '\nON CONFLICT DO NOTHING;'
const FRAME = byteLength(HEAD) + byteLength(TAIL)

/**
 * Multi-row INSERTs for comments, built one row at a time (a streaming import feeds rows as it reads
 * them), each statement under MAX_STATEMENT_BYTES. Values are inlined literals (no bound parameters,
 * so the 100-parameter limit does not apply). ON CONFLICT DO NOTHING makes a re-run a no-op: ids and
 * sources are both derived from the source key.
 */
export class CommentInserts {
  private values: string[] = []
  private size = FRAME

  /** Adds a row; returns a full statement when this row did not fit in the one being built. */
  add(row: CommentRow): string | null {
    const tuple = `(${COLUMNS.map((column) => sqlLiteral(row[column])).join(', ')})`
    // A comment near the 65,525-byte limit and its HTML may not fit one statement together: it is
    // stored without HTML, which the site renders on the fly until `npm run comments:rerender`.
    if (FRAME + byteLength(tuple) + 2 > MAX_STATEMENT_BYTES && row.body_html !== null)
      return this.add({ ...row, body_html: null, body_html_version: null })
    const tupleBytes = byteLength(tuple) + 2
    if (FRAME + tupleBytes > MAX_STATEMENT_BYTES) {
      throw new Error(
        `comment ${row.source} is too large for one D1 statement (${tupleBytes} bytes)`,
      )
    }
    let full: string | null = null
    if (this.values.length > 0 && this.size + tupleBytes > MAX_STATEMENT_BYTES) full = this.end()
    this.values.push(tuple)
    this.size += tupleBytes
    return full
  }

  /** The statement being built, or null when empty. */
  end(): string | null {
    if (this.values.length === 0) return null
    const statement = HEAD + this.values.join(',\n') + TAIL
    this.values = []
    this.size = FRAME
    return statement
  }
}

export function commentInserts(rows: CommentRow[]): string[] {
  const builder = new CommentInserts()
  const statements: string[] = []
  for (const row of rows) {
    const full = builder.add(row)
    if (full) statements.push(full)
  }
  const last = builder.end()
  if (last) statements.push(last)
  return statements
}
