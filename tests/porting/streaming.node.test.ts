import { existsSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { commentIdFor } from '../../scripts/porting/ids.ts'
import { query } from '../../scripts/porting/d1.ts'
import { runDisqusImport } from '../../scripts/porting/disqus.ts'
import { ImportError } from '../../scripts/porting/errors.ts'
import { generateExport } from '../../scripts/porting/generate-export.ts'
import { MAX_STATEMENT_BYTES } from '../../scripts/porting/sql.ts'
import { runWordpressImport } from '../../scripts/porting/wordpress.ts'
import { streamWxr } from '../../scripts/porting/wxr.ts'

/**
 * The importers stream: the parser hands over comments while most of the file is still unread, the
 * whole file is checked before the first batch goes to D1, batches stay under their size, and a bad
 * record at the very end of a big file means nothing at all was written.
 */

const temp = (prefix: string) => mkdtemp(join(tmpdir(), `edge-blog-${prefix}-`))

/** A fake D1: records each batch's SQL size and rows, and when it came relative to the reading. */
function recorder(events: string[]) {
  const batches: Array<{ bytes: number; rows: number; statements: number }> = []
  const depths: number[] = []
  return {
    batches,
    depths,
    executeBatch: async (_file: string, sql: string) => {
      events.push('batch')
      // Each row starts a line: (id, essay_slug, parent_id, depth, ...
      for (const match of sql.matchAll(/^\('[\w-]+', '[\w-]+', (?:NULL|'[\w-]+'), (\d)/gm))
        depths.push(Number(match[1]))
      batches.push({
        bytes: Buffer.byteLength(sql),
        rows: sql.match(/^\('/gm)?.length ?? 0,
        statements: sql.match(/^INSERT INTO comments/gm)?.length ?? 0,
      })
    },
  }
}

describe('streaming imports', () => {
  it('hands over each comment of a 20,000-comment post as it is read, not the post as one tree', async () => {
    const dir = await temp('stream-parse')
    const file = join(dir, 'big.xml')
    const size = generateExport(file, { format: 'wxr', comments: 20_000, posts: 1 })
    expect(size).toBeGreaterThan(10 * 1024 ** 2)
    let read = 0
    let chunks = 0
    let readAtFirstComment = -1
    let comments = 0
    let itemsSeen = 0
    await streamWxr(file, {
      onProgress: (bytes) => {
        read = bytes
        chunks++
      },
      onComment: (comment, itemIndex) => {
        if (comments++ === 0) readAtFirstComment = read
        expect(itemIndex).toBe(0)
        expect(comment.id).toBe(String(comments))
      },
      onItem: (item) => {
        itemsSeen++
        // The post arrives without its conversation: the comments went one by one.
        expect(item.comments).toEqual([])
      },
    })
    expect(comments).toBe(20_000)
    expect(itemsSeen).toBe(1)
    expect(chunks).toBeGreaterThan(20)
    // The first comment came while at most one 256 KB chunk of the file had been read.
    expect(readAtFirstComment).toBeGreaterThanOrEqual(0)
    expect(readAtFirstComment).toBeLessThan(size / 20)
  })

  it('checks the whole file before the first D1 batch, then writes every comment in bounded batches, parents first', async () => {
    const dir = await temp('stream-batches')
    const file = join(dir, 'big.xml')
    const size = generateExport(file, { format: 'wxr', comments: 6_000, posts: 3 })
    const events: string[] = []
    const fake = recorder(events)
    const batchBytes = 400_000
    const summary = await runWordpressImport({
      file,
      contentDir: join(dir, 'content'),
      persistTo: join(dir, 'db'),
      migrate: false,
      secret: null,
      batchBytes,
      executeBatch: fake.executeBatch,
      onProgress: (bytes: number) => events.push(bytes === size ? 'read:end' : 'read'),
    })
    expect(summary.comments).toEqual({ approved: 5_880, pending: 120, spam: 0, trash: 0 })
    expect(fake.batches.length).toBeGreaterThan(5)
    for (const batch of fake.batches) {
      expect(batch.bytes).toBeLessThanOrEqual(batchBytes + MAX_STATEMENT_BYTES)
      expect(batch.statements).toBeGreaterThan(0)
    }
    expect(fake.batches.reduce((sum, b) => sum + b.rows, 0)).toBe(6_000)
    // Parents first: every top-level comment, then every first-level reply, and so on.
    expect(fake.depths).toHaveLength(6_000)
    expect(fake.depths).toEqual([...fake.depths].sort((a, b) => a - b))
    expect(new Set(fake.depths)).toEqual(new Set([0, 1, 2, 3, 4]))
    // No batch before the file was read to its end.
    expect(events.indexOf('read:end')).toBeGreaterThanOrEqual(0)
    expect(events.indexOf('batch')).toBeGreaterThan(events.lastIndexOf('read:end'))
  })

  it.each([
    [
      'wxr',
      '<item><title>A broken last post</titel></item>\n',
      /big\.wxr: line \d{5,}: unexpected close tag/,
    ],
    [
      'disqus',
      '<thread><link>https://blog.example.com/essays/x</link></thread>\n',
      /big\.disqus: line \d{5,}: <thread> has no dsq:id attribute/,
    ],
  ] as const)(
    'a bad record at the end of a big %s file: nothing written',
    async (format, tail, message) => {
      const dir = await temp('stream-bad')
      const file = join(dir, `big.${format}`)
      generateExport(file, { format, comments: 5_000, posts: 2, tail })
      const events: string[] = []
      const fake = recorder(events)
      const persistTo = join(dir, 'db')
      const contentDir = join(dir, 'content')
      const run = format === 'wxr' ? runWordpressImport : runDisqusImport
      const options = {
        file,
        contentDir,
        persistTo,
        secret: null,
        executeBatch: fake.executeBatch,
      }
      await expect(run(options)).rejects.toThrow(message)
      await expect(run(options)).rejects.toBeInstanceOf(ImportError)
      expect(fake.batches).toEqual([])
      expect(existsSync(persistTo)).toBe(false)
      expect(existsSync(contentDir)).toBe(false)
    },
  )

  it('writes through wrangler into a local D1: every row, threaded, origin "import"', async () => {
    const dir = await temp('stream-d1')
    const file = join(dir, 'threads.xml')
    // 2 threads' worth of 5 levels each per post, over 2 batches of real wrangler calls.
    generateExport(file, { format: 'disqus', comments: 600, posts: 2 })
    const persistTo = join(dir, 'db')
    const summary = await runDisqusImport({
      file,
      contentDir: join(dir, 'content'),
      persistTo,
      secret: null,
      batchBytes: 300_000,
    })
    expect(summary.comments).toEqual({ approved: 588, pending: 0, spam: 12, trash: 0 })
    // One wrangler call for both questions: each costs seconds.
    const rows = await query<Record<string, unknown>>(
      `SELECT origin, count(*) AS n, max(depth) AS deepest, NULL AS parent_id, NULL AS essay_slug FROM comments GROUP BY origin
       UNION ALL SELECT 'reply', 1, depth, parent_id, essay_slug FROM comments WHERE source = 'disqus:5'`,
      { persistTo },
    )
    expect(rows).toEqual([
      { origin: 'import', n: 600, deepest: 4, parent_id: null, essay_slug: null },
      {
        origin: 'reply',
        n: 1,
        deepest: 4,
        parent_id: commentIdFor('disqus:4'),
        essay_slug: 'imported-essay-1',
      },
    ])
  }, 300_000)
})
