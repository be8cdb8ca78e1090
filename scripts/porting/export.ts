import { createWriteStream } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { once } from 'node:events'
import {
  EXPORT_COLUMNS,
  exportJson,
  exportWxr,
  type ExportEssay,
  type ExportRow,
} from '../../src/admin/export/format.ts'
import { parseEssay } from '../build/essay.ts'
import { query, root, type D1Target } from './d1.ts'
import { sqlLiteral } from './sql.ts'
import { trimEndChars } from '../../src/lib/text.ts'

export interface ExportOptions extends D1Target {
  format: 'json' | 'wxr'
  out: string
  contentDir?: string
  siteUrl?: string
  /** Rows per wrangler call (each call costs a second or two, so pages are big). */
  pageSize?: number
}

/** The same keyset pages as the admin route, through `wrangler d1 execute --json`. */
export async function* wranglerPages(
  target: D1Target,
  pageSize = 5000,
): AsyncGenerator<ExportRow[]> {
  let after: ExportRow | undefined
  for (;;) {
    const where = after
      ? `WHERE essay_slug > ${sqlLiteral(after.essay_slug)} OR (essay_slug = ${sqlLiteral(after.essay_slug)} AND (created_at > ${after.created_at} OR (created_at = ${after.created_at} AND id > ${sqlLiteral(after.id)})))`
      : ''
    const page = await query<ExportRow>(
      `SELECT ${EXPORT_COLUMNS.join(', ')} FROM comments ${where} ORDER BY essay_slug, created_at, id LIMIT ${pageSize}`,
      target,
    )
    if (page.length > 0) yield page
    if (page.length < pageSize) return
    after = page.at(-1)
  }
}

/** Essays from content/, for titles, dates and HTML in the export. */
export async function loadEssays(
  contentDir: string,
): Promise<{ essays: Map<string, ExportEssay>; siteTitle: string; authors: string[] }> {
  const site = JSON.parse(await readFile(join(root, 'content/site.json'), 'utf8')) as {
    title: string
    author: string
  }
  const essays = new Map<string, ExportEssay>()
  for (const name of (await readdir(contentDir).catch(() => [] as string[])).filter((n) =>
    n.endsWith('.md'),
  )) {
    try {
      const essay = parseEssay(`content/${name}`, await readFile(join(contentDir, name), 'utf8'), {
        author: site.author,
      })
      essays.set(essay.slug, {
        title: essay.title,
        date: essay.date,
        html: essay.html,
        author: essay.author,
      })
    } catch {
      // A broken essay still gets its comments exported, titled by slug.
    }
  }
  const authors = [site.author, ...[...essays.values()].map((essay) => essay.author!)]
  return { essays, siteTitle: site.title, authors }
}

async function configuredSiteUrl(): Promise<string> {
  const toml = await readFile(join(root, 'wrangler.toml'), 'utf8')
  const line = toml.split('\n').find((l) => l.trimStart().startsWith('SITE_URL'))
  const value = line?.match(/=\s*"([^"]+)"/)?.[1] ?? 'http://localhost:8787'
  return trimEndChars(value, '/')
}

/** `npm run export`: every comment to a file, in the admin route's format. Returns the number of comments. */
export async function runExport(options: ExportOptions): Promise<number> {
  const { essays, siteTitle, authors } = await loadEssays(
    options.contentDir ?? join(root, 'content'),
  )
  const siteUrl = options.siteUrl ?? (await configuredSiteUrl())
  let count = 0
  async function* counted() {
    for await (const page of wranglerPages(options, options.pageSize)) {
      count += page.length
      yield page
    }
  }
  const render = options.format === 'wxr' ? exportWxr : exportJson
  const out = createWriteStream(options.out)
  for await (const chunk of render(counted(), {
    siteUrl,
    siteTitle,
    essay: (slug) => essays.get(slug),
    authors,
  })) {
    if (!out.write(chunk)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
  return count
}
