/**
 * Scale, part 2: a blog of 5,000 generated essays of about 1,500 words (scale-content.ts) against
 * a blog of one such essay, with a 1,000-essay blog in between for the bundle sizes.
 *
 * scripts/build/content.ts reads `content/` beside its own scripts/, so each blog is a copy of the
 * repo's build inputs (src, scripts, migrations, public, wrangler.toml, tsconfig, package.json)
 * in a temp dir with node_modules linked and its own generated content/; the project's own build
 * and `wrangler deploy --dry-run` then run there, unchanged.
 */
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { type Bundle, sh, wranglerBundle } from './bundle'
import { root } from './config'
import { bypassFor } from './routes'
import { migrate, startApp } from './runtimes'
import { generateEssay } from './scale-content'
import { type ColdBodies, measureColdBodies } from './scale-bodies'
import { type Pair, type PairResult, runPairs } from './scale-load'

export const ESSAY_COUNTS = [1, 1000, 5000] as const
const LARGE = 5000
const COLD_LOG = 'one request at a time, a new essay each'
/** The Workers Free plan's limit on a worker's compressed size. */
export const FREE_GZIP_LIMIT = 3 * 1024 * 1024
export const STARTUP_TARGET_MS = 200
/** Cold starts per blog, interleaved across the blogs round by round (the machine's load drifts). */
const STARTUP_RUNS = 5

export interface BlogSize {
  essays: number
  rawBytes: number
  gzipBytes: number
  /** Content build (Markdown to src/generated), without share cards except for the largest blog. */
  buildSeconds: number
  bundleSeconds: number
  /** Median of STARTUP_RUNS cold starts, interleaved: new Miniflare to the first answer of GET /. */
  startupMs: number
  startupStatus: number
}

export interface EssayScale {
  blogs: BlogSize[]
  /** The largest blog's full `npm run build` (content and share cards), then again after one essay changed. */
  fullBuild: { essays: number; seconds: number; cards: string }
  rebuild: { seconds: number; cards: string }
  pages: PairResult[]
  /** The essay page with neither page nor body cached, one request at a time (scale-bodies.ts). */
  coldBodies: ColdBodies
}

const COPIED = [
  'src',
  'scripts',
  'migrations',
  'public',
  'wrangler.toml',
  'tsconfig.json',
  'package.json',
]

/** A copy of the repo's build inputs with `count` generated essays as its content/. */
export function makeBlog(dir: string, count: number): void {
  for (const entry of COPIED) {
    cpSync(join(root, entry), join(dir, entry), {
      recursive: true,
      // Build outputs of the repo's own content stay behind: each blog builds its own.
      filter: (src) =>
        !['src/generated', 'public/og', 'public/_essays'].some((out) =>
          src.startsWith(join(root, out)),
        ),
    })
  }
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  mkdirSync(join(dir, 'content'))
  cpSync(join(root, 'content/site.json'), join(dir, 'content/site.json'))
  for (let i = 0; i < count; i++) {
    const essay = generateEssay(i)
    writeFileSync(join(dir, 'content', `${essay.slug}.md`), essay.markdown)
  }
  // The content build without share cards: the cards are static assets, outside the bundle.
  writeFileSync(
    join(dir, 'scripts/bench-content-only.ts'),
    "import { buildContent } from './build/content.ts'\nawait buildContent({ includeDrafts: false })\n",
  )
}

const tsx = (dir: string, script: string) => {
  const start = Date.now()
  const out = sh(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), script], dir)
  return { seconds: (Date.now() - start) / 1000, out }
}

/** The "share cards: …" line of the build's output. */
const cardsLine = (out: string) => out.match(/share cards: [^\n]*/)?.[0] ?? '(no share-card line)'

async function coldStart(bundle: Bundle, dir: string): Promise<{ ms: number; status: number }> {
  const start = performance.now()
  const app = await startApp(bundle, dir, { twin: false })
  const res = await fetch(`${app.appUrl}/`)
  await res.arrayBuffer()
  const ms = performance.now() - start
  await app.miniflare.dispose()
  return { ms, status: res.status }
}

export async function measureEssayScale(
  tmp: string,
  log: (msg: string) => void,
): Promise<EssayScale> {
  const blogs: BlogSize[] = []
  const bundles = new Map<number, Bundle>()
  let fullBuild: EssayScale['fullBuild'] | undefined
  let rebuild: EssayScale['rebuild'] | undefined
  // Every blog is copied first, so the copies are one snapshot of the repo.
  for (const count of ESSAY_COUNTS) {
    log(`generating ${count.toLocaleString('en')} essay(s) into ${join(tmp, `blog-${count}`)}`)
    makeBlog(join(tmp, `blog-${count}`), count)
  }
  const sizes = new Map<number, { buildSeconds: number; bundleSeconds: number }>()
  for (const count of ESSAY_COUNTS) {
    const dir = join(tmp, `blog-${count}`)
    let buildSeconds: number
    if (count === LARGE) {
      const full = tsx(dir, 'scripts/build/content.ts')
      buildSeconds = full.seconds
      fullBuild = { essays: count, seconds: full.seconds, cards: cardsLine(full.out) }
      log(`full build of ${count} essays: ${full.seconds.toFixed(1)}s; ${fullBuild.cards}`)
      // One essay changes (its title, so its card too), as an author's edit would.
      const file = join(dir, 'content', `${generateEssay(count / 2).slug}.md`)
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: "/m, 'title: "Revised: '))
      const again = tsx(dir, 'scripts/build/content.ts')
      rebuild = { seconds: again.seconds, cards: cardsLine(again.out) }
      log(`rebuild after one essay changed: ${again.seconds.toFixed(1)}s; ${rebuild.cards}`)
      log(again.out.trim().split('\n').slice(0, 2).join('; '))
    } else {
      buildSeconds = tsx(dir, 'scripts/bench-content-only.ts').seconds
    }
    const bundleStart = Date.now()
    const bundle = wranglerBundle(dir, join(tmp, `bundle-${count}`))
    sizes.set(count, { buildSeconds, bundleSeconds: (Date.now() - bundleStart) / 1000 })
    bundles.set(count, bundle)
    log(
      `${count} essays: bundle ${(bundle.sizes.rawBytes / 2 ** 20).toFixed(2)} MB raw, ${(bundle.sizes.gzipBytes / 2 ** 20).toFixed(2)} MB gzip`,
    )
  }
  const starts = new Map<number, Array<{ ms: number; status: number }>>()
  for (let r = 0; r < STARTUP_RUNS; r++) {
    for (const count of ESSAY_COUNTS) {
      const start = await coldStart(bundles.get(count)!, join(tmp, `start-${count}-${r}`))
      starts.set(count, [...(starts.get(count) ?? []), start])
    }
  }
  for (const count of ESSAY_COUNTS) {
    const runs = starts.get(count)!
    const sorted = runs.map((s) => s.ms).sort((a, b) => a - b)
    const bundle = bundles.get(count)!
    blogs.push({
      essays: count,
      rawBytes: bundle.sizes.rawBytes,
      gzipBytes: bundle.sizes.gzipBytes,
      ...sizes.get(count)!,
      startupMs: sorted[Math.floor(sorted.length / 2)]!,
      startupStatus: runs[0]!.status,
    })
    log(`${count} essays: startup ${sorted.map((ms) => ms.toFixed(0)).join(', ')} ms`)
  }

  const small = await startApp(bundles.get(1)!, join(tmp, 'run-1'), {
    assetsDir: join(tmp, 'blog-1/public'),
  })
  const large = await startApp(bundles.get(LARGE)!, join(tmp, `run-${LARGE}`), {
    assetsDir: join(tmp, `blog-${LARGE}/public`),
  })
  try {
    await migrate(small.db)
    await migrate(large.db)
    const first = generateEssay(0)
    const tag = first.tags[0]!
    const scale = '5,000 essays'
    const smallBypass = (await bypassFor(small.appUrl, small.secretKey, first.slug)).headers
    const largeBypass = (await bypassFor(large.appUrl, large.secretKey, first.slug)).headers
    const pairs: Pair[] = [
      {
        name: 'essay page, miss (rendered per request)',
        scale,
        smallBlog: '1 essay',
        small: { url: `${small.appUrl}/essays/${first.slug}`, headers: smallBypass },
        large: { url: `${large.appUrl}/essays/${first.slug}`, headers: largeBypass },
        target: 1.2,
      },
      {
        name: 'index page',
        scale,
        smallBlog: '1 essay',
        small: { url: `${small.appUrl}/` },
        large: { url: `${large.appUrl}/` },
        target: 1.0,
      },
      {
        name: 'paginated index, page 2 (vs the 1-essay index)',
        scale,
        smallBlog: '1 essay',
        small: { url: `${small.appUrl}/` },
        large: { url: `${large.appUrl}/page/2` },
        target: 1.0,
      },
      {
        name: `tag page /tags/${tag} (vs the 1-essay index)`,
        scale,
        smallBlog: '1 essay',
        small: { url: `${small.appUrl}/` },
        large: { url: `${large.appUrl}/tags/${tag}` },
        target: 1.0,
      },
    ]
    for (const pair of pairs) {
      for (const t of [pair.small, pair.large]) {
        const res = await fetch(t.url, { headers: t.headers })
        await res.arrayBuffer()
        if (res.status !== 200) throw new Error(`scale route ${t.url} answered ${res.status}`)
      }
    }
    const pages = runPairs(pairs, tmp, log)
    log(`essay pages with no body cached: ${COLD_LOG}`)
    const coldBodies = await measureColdBodies(
      { url: `${small.appUrl}/essays/${first.slug}`, headers: smallBypass ?? {} },
      { appUrl: large.appUrl, headers: largeBypass ?? {}, essays: LARGE },
    )
    return { blogs, fullBuild: fullBuild!, rebuild: rebuild!, pages, coldBodies }
  } finally {
    await small.miniflare.dispose()
    await large.miniflare.dispose()
  }
}
