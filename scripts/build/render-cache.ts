/**
 * The incremental build: each Markdown file's rendered essay is kept in .cache/essays/ (git-ignored)
 * under a key of its text, the defaults it was rendered with and the renderer's version, so a
 * rebuild after one essay changed renders only that one. Entries no file used are removed, so the
 * cache never outgrows the content.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Essay } from '../../src/content/types.ts'
import { parseEssay } from './essay.ts'

/** Bump when rendering changes in a way the inputs below do not show. */
const RENDER_FORMAT = 1

const require = createRequire(import.meta.url)
const versionOf = (name: string) => (require(`${name}/package.json`) as { version: string }).version

/**
 * The renderer's version: RENDER_FORMAT, the versions of the packages that render, and the text of
 * scripts/build/essay.ts and what it uses from src/content (a change there re-renders every essay).
 */
export async function rendererVersion(): Promise<string> {
  // The rules parseEssay applies: its own file, the slug rule it checks, the shape it returns.
  const files = ['./essay.ts', '../../src/content/slugs.ts', '../../src/content/types.ts']
  const source = await Promise.all(files.map((f) => readFile(new URL(f, import.meta.url), 'utf8')))
  const packages = ['markdown-it', 'gray-matter', 'yaml', 'reading-time'].map(
    (name) => `${name}@${versionOf(name)}`,
  )
  return createHash('sha256')
    .update(JSON.stringify([RENDER_FORMAT, packages, source]))
    .digest('base64url')
}

export interface RenderResult {
  parsed: Array<{ file: string; essay: Essay }>
  /** Files rendered by this build, and files whose cached rendering was reused. */
  rendered: string[]
  reused: string[]
}

export async function renderEssays(
  sources: ReadonlyArray<{ file: string; source: string }>,
  defaults: { author: string },
  options: { cacheDir: string; version: string },
): Promise<RenderResult> {
  await mkdir(options.cacheDir, { recursive: true })
  const present = new Set(await readdir(options.cacheDir))
  const used = new Set<string>()
  const result: RenderResult = { parsed: [], rendered: [], reused: [] }
  for (const { file, source } of sources) {
    const name = `${createHash('sha256')
      .update(JSON.stringify([options.version, defaults, source]))
      .digest('base64url')}.json`
    used.add(name)
    let essay: Essay | undefined
    if (present.has(name)) {
      try {
        essay = JSON.parse(await readFile(join(options.cacheDir, name), 'utf8')) as Essay
        result.reused.push(file)
      } catch {
        essay = undefined // a torn or foreign file: render again
      }
    }
    if (!essay) {
      // A content error throws here, naming the file, and nothing is cached for it.
      essay = parseEssay(file, source, defaults)
      await writeFile(join(options.cacheDir, name), JSON.stringify(essay))
      result.rendered.push(file)
    }
    result.parsed.push({ file, essay })
  }
  for (const name of present)
    if (!used.has(name)) await rm(join(options.cacheDir, name), { force: true })
  return result
}
