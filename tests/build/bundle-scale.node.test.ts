import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { makeBlog } from '../../scripts/bench/scale-essays.ts'
import { buildContent } from '../../scripts/build/content.ts'

const root = new URL('../..', import.meta.url).pathname
const ESSAYS = 400
/** The one-essay bundle's limit (bundle.node.test.ts) plus the catalogue: ~100 bytes gzip an essay. */
const GZIP_LIMIT = 395 * 1024 + ESSAYS * 150

/**
 * A large blog's deploy bundle carries the catalogue, not the bodies: 400 generated essays of
 * about 1,500 words (4 MB of bodies, 1.2 MB gzip if bundled) stay within a few KB an essay of
 * the one-essay bundle. The bench measures 1,000 and 5,000 essays.
 */
describe('the deployable bundle of a large blog', () => {
  it(`keeps ${ESSAYS} essays' bodies out of the worker and under ${Math.round(GZIP_LIMIT / 1024)} KB gzipped`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-blog-bundle-scale-'))
    // The same generated blog the bench builds (scripts/bench/scale-essays.ts).
    makeBlog(dir, ESSAYS)
    const saved = process.env.ESSAY_BODIES
    delete process.env.ESSAY_BODIES
    const { bodies, essays } = await buildContent({ includeDrafts: false, root: dir })
    if (saved !== undefined) process.env.ESSAY_BODIES = saved
    expect(bodies.out).toBe(true)
    const files = readdirSync(join(dir, 'public/_essays'))
    expect(files.filter((name) => !name.startsWith('pack-'))).toHaveLength(ESSAYS)

    const outdir = join(dir, 'dist')
    execFileSync(
      join(root, 'node_modules/.bin/wrangler'),
      ['deploy', '--dry-run', '--outdir', outdir],
      {
        cwd: dir,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
        stdio: 'pipe',
      },
    )
    const script = readdirSync(outdir).find((name) => name.endsWith('.js'))
    const code = readFileSync(join(outdir, script!))
    const gzip = gzipSync(code, { level: 9 }).length
    console.log(
      `bundle of ${ESSAYS} essays: ${(code.length / 1024).toFixed(1)} KB raw, ${(gzip / 1024).toFixed(1)} KB gzip`,
    )
    const text = code.toString()
    // Every title is in the catalogue; no body is in the worker.
    for (const essay of essays.slice(0, 20)) {
      expect(text).toContain(essay.title)
      expect(text).not.toContain(essay.html.slice(0, 120))
    }
    expect(gzip).toBeLessThan(GZIP_LIMIT)
  })
})
