import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

// Was 150 KB. Receiving Webmentions parses microformats2 with microformats-parser (issue 16: a
// well-kept parser), which brings parse5 and entities: about +80 KB gzip (224.7 KB vs 141.0 KB).
const GZIP_LIMIT = 230 * 1024

describe('the deployable bundle', () => {
  it(`builds with wrangler deploy --dry-run and stays under ${GZIP_LIMIT / 1024} KB gzipped`, () => {
    const outdir = mkdtempSync(join(tmpdir(), 'edge-blog-bundle-'))
    execFileSync('node_modules/.bin/wrangler', ['deploy', '--dry-run', '--outdir', outdir], {
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
      stdio: 'pipe',
    })
    const script = readdirSync(outdir).find((name) => name.endsWith('.js'))
    expect(script).toBeDefined()
    const code = readFileSync(join(outdir, script!))
    const gzip = gzipSync(code, { level: 9 }).length
    console.log(
      `bundle: ${(code.length / 1024).toFixed(1)} KB raw, ${(gzip / 1024).toFixed(1)} KB gzip`,
    )
    // The worker must not carry a Markdown parser: rendering happens at build time.
    expect(code.toString()).not.toMatch(/markdown-it|MarkdownIt/)
    expect(gzip).toBeLessThan(GZIP_LIMIT)
  })
})
