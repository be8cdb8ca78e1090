import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { CommentRow } from '../../scripts/porting/comments.ts'
import { commentIdFor, nodeKeyedHash } from '../../scripts/porting/ids.ts'
import { query } from '../../scripts/porting/d1.ts'
import { runDisqusImport } from '../../scripts/porting/disqus.ts'
import { runExport } from '../../scripts/porting/export.ts'
import { runWordpressImport } from '../../scripts/porting/wordpress.ts'

/**
 * Imports through wrangler into throwaway local D1 databases (--persist-to), as `npm run import:wordpress` does.
 * Each wrangler call costs seconds, so one import is shared and each test adds only what it checks.
 */

const root = new URL('../..', import.meta.url).pathname
const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname
const secret = 's'.repeat(40)

type Row = Omit<CommentRow, 'updated_at' | 'user_agent'>

const allRows = (persistTo: string) =>
  query<Row>(
    'SELECT id, essay_slug, parent_id, depth, author_name, author_email, author_url, body, status, previous_status, created_at, ip_hash, source FROM comments ORDER BY source',
    { persistTo },
  )

/** A comment identified by what a reader sees, with its parent identified the same way: ids differ across databases. */
function readable(rows: Row[]) {
  const byId = new Map(rows.map((r) => [r.id, r]))
  const key = (r: Row) => `${r.essay_slug}|${r.author_name}|${r.body}`
  return rows
    .map((r) => ({
      key: key(r),
      email: r.author_email,
      url: r.author_url,
      status: r.status,
      previous: r.previous_status,
      created: r.created_at,
      depth: r.depth,
      parent: r.parent_id ? key(byId.get(r.parent_id)!) : null,
    }))
    .sort((a, b) => a.key.localeCompare(b.key))
}

let work: string
let db1: string
let content1: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'edge-blog-d1-'))
  db1 = join(work, 'db1')
  content1 = join(work, 'content1')
  await mkdir(content1)
  await runWordpressImport({
    file: fixture('wordpress-real.xml'),
    contentDir: content1,
    persistTo: db1,
    secret,
  })
})

describe('WordPress import into D1', () => {
  it('stores comments with threads, statuses, dates and hashed IPs; running it again changes nothing', async () => {
    const first = await allRows(db1)
    expect(first).toHaveLength(12)
    const by = new Map(first.map((r) => [r.source, r]))
    expect(by.get('wordpress:101:1')).toMatchObject({
      id: commentIdFor('wordpress:101:1'),
      essay_slug: 'hiring-and-firing',
      author_name: 'José O’Brien',
      status: 'approved',
      depth: 0,
      ip_hash: nodeKeyedHash(secret, 'ip', '203.0.113.7'),
    })
    expect(by.get('wordpress:101:2')).toMatchObject({
      parent_id: commentIdFor('wordpress:101:1'),
      depth: 1,
    })
    expect(by.get('wordpress:101:6')).toMatchObject({
      parent_id: commentIdFor('wordpress:101:4'),
      depth: 4,
    })
    expect(by.get('wordpress:101:10')).toMatchObject({
      status: 'trash',
      previous_status: 'approved',
      ip_hash: null,
    })
    expect(first.map((r) => r.status).sort()).toEqual([
      'approved',
      'approved',
      'approved',
      'approved',
      'approved',
      'approved',
      'approved',
      'approved',
      'approved',
      'pending',
      'spam',
      'trash',
    ])
    expect(JSON.stringify(first)).not.toMatch(/203\.0\.113|198\.51\.100|192\.0\.2/)

    const files = await readdir(content1)
    expect(files.sort()).toEqual([
      'about.md',
      'café-culture.md',
      'coming-soon.md',
      'half-finished-thoughts.md',
      'hiring-and-firing.md',
      'redirects.json',
    ])
    const before = await Promise.all(
      files.map(
        async (f) =>
          [
            f,
            await readFile(join(content1, f), 'utf8'),
            (await stat(join(content1, f))).mtimeMs,
          ] as const,
      ),
    )

    const again = await runWordpressImport({
      file: fixture('wordpress-real.xml'),
      contentDir: content1,
      persistTo: db1,
      secret,
      migrate: false,
    })
    expect(again.counts.filesWritten ?? 0).toBe(0)
    expect(again.counts.filesExisting).toBe(5)
    expect(again.redirectsAdded).toBe(0)
    expect(await allRows(db1)).toEqual(first)
    for (const [f, text, mtime] of before) {
      expect(await readFile(join(content1, f), 'utf8')).toBe(text)
      expect((await stat(join(content1, f))).mtimeMs).toBe(mtime)
    }
  })

  it('round-trips: export as WXR, import into a fresh database, same comments, statuses and threads', async () => {
    const out = join(work, 'export.xml')
    expect(
      await runExport({
        persistTo: db1,
        format: 'wxr',
        out,
        contentDir: content1,
        siteUrl: 'https://new.example.com',
      }),
    ).toBe(12)
    const db2 = join(work, 'db2')
    const content2 = join(work, 'content2')
    const summary = await runWordpressImport({
      file: out,
      contentDir: content2,
      persistTo: db2,
      secret,
    })
    expect(summary.comments).toEqual({ approved: 9, pending: 1, spam: 1, trash: 1 })
    // Our own export carries /essays/ links only: no old permalinks to record.
    expect(summary.redirectsAdded).toBe(0)
    expect(existsSync(join(content2, 'redirects.json'))).toBe(false)
    const [original, copy] = [await allRows(db1), await allRows(db2)]
    expect(readable(copy)).toEqual(readable(original))
    expect(copy.every((r) => r.ip_hash === null)).toBe(true)
    // The essays came along too, as Markdown the build accepts.
    expect(await readFile(join(content2, 'hiring-and-firing.md'), 'utf8')).toContain(
      '## What works',
    )
    // Issue 12: WordPress maps every item to a listed author (no "Failed to import author"), and
    // the Unicode slug travels as WordPress spells it and comes back as its words.
    const xml = await readFile(out, 'utf8')
    expect(xml).toContain('<wp:author_login>ada-writer</wp:author_login>')
    expect(xml).toContain('<wp:author_display_name>Ada Writer</wp:author_display_name>')
    expect(xml.match(/<item>/g)!.length).toBe(xml.match(/<dc:creator>/g)!.length)
    expect(xml).toContain('<wp:post_name>caf%c3%a9-culture</wp:post_name>')
    expect(await readFile(join(content2, 'café-culture.md'), 'utf8')).toContain(
      'author: Ada Writer',
    )
  })
})

describe('Disqus import into D1', () => {
  it('attaches threads to essays by URL and keeps replies, spam and deleted posts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-blog-disqus-'))
    const content = join(dir, 'content')
    await mkdir(content)
    await writeFile(
      join(content, 'management-versus-leadership.md'),
      await readFile(join(root, 'content/management-versus-leadership.md'), 'utf8'),
    )
    await writeFile(
      join(content, 'redirects.json'),
      JSON.stringify({ '/2019/03/14/hiring-and-firing/': 'hiring-and-firing' }),
    )
    const persistTo = join(dir, 'db')
    const summary = await runDisqusImport({
      file: fixture('disqus.xml'),
      contentDir: content,
      persistTo,
      secret: null,
    })
    expect(summary.comments).toEqual({ approved: 3, pending: 0, spam: 1, trash: 1 })
    const rows = await allRows(persistTo)
    expect(rows).toHaveLength(5)
    const by = new Map(rows.map((r) => [r.source, r]))
    expect(by.get('disqus:7003')).toMatchObject({
      status: 'trash',
      depth: 2,
      parent_id: commentIdFor('disqus:7002'),
      essay_slug: 'management-versus-leadership',
    })
    expect(by.get('disqus:7005')).toMatchObject({
      essay_slug: 'hiring-and-firing',
      parent_id: null,
    })
  })
})

describe('the CLI', () => {
  it('exits non-zero with the problem and line for a broken file, having written nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'edge-blog-cli-'))
    const result = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/tsx/dist/cli.mjs'),
        'scripts/porting/bin/import-wordpress.ts',
        fixture('bad/truncated.xml'),
        '--persist-to',
        join(dir, 'db'),
        '--content-dir',
        join(dir, 'content'),
      ],
      {
        cwd: root,
        encoding: 'utf8',
      },
    )
    expect(result.status).toBe(1)
    expect(result.stderr).toContain(
      'error: truncated.xml: line 178: <wp:comment_author_url> opened here is never closed',
    )
    expect(result.stderr).toContain('Nothing was imported.')
    expect(await readdir(dir)).toEqual([])
  })
})
