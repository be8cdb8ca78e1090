import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { generateEssay } from '../../scripts/bench/scale-content.ts'
import {
  AUTO_ASSETS_BYTES,
  bodiesOut,
  bodiesSetting,
  bodyName,
  placeBodies,
} from '../../scripts/build/bodies.ts'
import { buildContent } from '../../scripts/build/content.ts'
import { ContentError, parseEssay } from '../../scripts/build/essay.ts'
import { renderEssays } from '../../scripts/build/render-cache.ts'
import { makeCatalog, type TagList } from '../../src/content/make-catalog.ts'
import { tagSlugsOf } from '../../src/content/tags.ts'

const root = new URL('../..', import.meta.url).pathname
const essayOf = (i: number) =>
  parseEssay(`content/${i}.md`, generateEssay(i).markdown, { author: 'A' })

/** A temp project with the build's inputs and `count` generated essays (about 10 KB of body each). */
function blog(count: number, site: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'edge-blog-bodies-'))
  mkdirSync(join(dir, 'content'))
  mkdirSync(join(dir, 'src/views'), { recursive: true })
  cpSync(join(root, 'src/views/styles.css'), join(dir, 'src/views/styles.css'))
  cpSync(join(root, 'src/client'), join(dir, 'src/client'), { recursive: true })
  const base = JSON.parse(readFileSync(join(root, 'content/site.json'), 'utf8')) as object
  writeFileSync(join(dir, 'content/site.json'), JSON.stringify({ ...base, ...site }))
  for (let i = 0; i < count; i++) {
    const essay = generateEssay(i)
    writeFileSync(join(dir, 'content', `${essay.slug}.md`), essay.markdown)
  }
  return dir
}
const generated = (dir: string) => readFileSync(join(dir, 'src/generated/content.ts'), 'utf8')
/** The bundled catalogue of a large blog, which the build writes as one JSON string literal. */
const catalogueOf = (code: string) =>
  JSON.parse(
    JSON.parse(
      code.match(/export const essays: Essay\[\] = JSON\.parse\((".*")\)$/m)![1]!,
    ) as string,
  ) as Array<Record<string, unknown>>

let savedEnv: string | undefined
beforeEach(() => {
  savedEnv = process.env.ESSAY_BODIES
  delete process.env.ESSAY_BODIES
})
afterEach(() => {
  if (savedEnv === undefined) delete process.env.ESSAY_BODIES
  else process.env.ESSAY_BODIES = savedEnv
})

describe('the crossover: essay bodies in the bundle or in the static assets', () => {
  it('keeps bodies bundled up to AUTO_ASSETS_BYTES of rendered HTML, moves them out past it', () => {
    const one = essayOf(0)
    const size = Buffer.byteLength(one.html)
    const fits = Math.floor(AUTO_ASSETS_BYTES / size)
    const list = (n: number) => Array.from({ length: n }, () => one)
    expect(bodiesOut(list(fits), 'auto')).toBe(false)
    expect(bodiesOut(list(fits + 1), 'auto')).toBe(true)
    // About 100 essays of 1,500 words stay in the bundle, as the README says.
    expect(fits).toBeGreaterThan(60)
    expect(fits).toBeLessThan(160)
    expect(bodiesOut(list(1), 'assets')).toBe(true)
    expect(bodiesOut(list(5000), 'bundle')).toBe(false)
  })

  it('reads the setting from site.json or ESSAY_BODIES, refusing anything else by name', () => {
    expect(bodiesSetting('content/site.json', undefined, undefined)).toBe('auto')
    expect(bodiesSetting('content/site.json', 'bundle', undefined)).toBe('bundle')
    expect(bodiesSetting('content/site.json', 'bundle', 'assets')).toBe('assets')
    expect(() => bodiesSetting('content/site.json', 'kv', undefined)).toThrow(ContentError)
    expect(() => bodiesSetting('content/site.json', 'kv', undefined)).toThrow(/essayBodies/)
    expect(() => bodiesSetting('content/site.json', undefined, 'out')).toThrow(/ESSAY_BODIES/)
  })

  it('a small blog builds exactly as before: bodies in content.ts, no public/_essays', async () => {
    const dir = blog(3)
    mkdirSync(join(dir, 'public/_essays'), { recursive: true })
    writeFileSync(join(dir, 'public/_essays/stale.txt'), 'old')
    const { bodies, essays } = await buildContent({ includeDrafts: false, root: dir })
    expect(bodies.out).toBe(false)
    const code = generated(dir)
    expect(code).not.toContain('bodyAsset')
    for (const essay of essays) expect(code).toContain(JSON.stringify(essay.html))
    expect(readdirSync(join(dir, 'public'))).not.toContain('_essays')
  })

  it('a large blog bundles the catalogue only; each body is a hash-named asset', async () => {
    const dir = blog(Math.ceil(AUTO_ASSETS_BYTES / Buffer.byteLength(essayOf(0).html)) + 20)
    const { bodies, essays } = await buildContent({ includeDrafts: false, root: dir })
    expect(bodies.out).toBe(true)
    const code = generated(dir)
    const files = readdirSync(join(dir, 'public/_essays'))
    const packs = files.filter((name) => name.startsWith('pack-'))
    expect(files).toHaveLength(essays.length + packs.length)
    // Every body is in exactly one pack, which the catalogue lists, for readers of them all.
    expect(bodies.packs).toEqual(expect.arrayContaining(packs.map((name) => `/_essays/${name}`)))
    expect(packs.length).toBe(bodies.packs.length)
    const packed = Object.assign(
      {},
      ...packs.map((name) => JSON.parse(readFileSync(join(dir, 'public/_essays', name), 'utf8'))),
    ) as Record<string, string>
    expect(Object.keys(packed)).toHaveLength(essays.length)
    for (const essay of essays) expect(packed[`/_essays/${bodyName(essay.html)}`]).toBe(essay.html)
    expect(code).toContain(`export const bodyPacks: string[] = ${JSON.stringify(bodies.packs)}`)
    const catalogue = catalogueOf(code)
    expect(catalogue).toHaveLength(essays.length)
    for (const [i, essay] of essays.entries()) {
      // The catalogue keeps what listings need; the body text is not in the bundle.
      const { html, bodyAsset, ...listed } = catalogue[i]!
      const { html: body, ...meta } = essay
      expect(listed).toEqual(meta)
      expect(html).toBe('')
      expect(code).not.toContain(body.slice(0, 200))
      const file = bodyName(essay.html)
      expect(bodyAsset).toBe(`/_essays/${file}`)
      expect(readFileSync(join(dir, 'public/_essays', file), 'utf8')).toBe(essay.html)
    }
    // The search index's hash still covers the bodies.
    expect(code).toMatch(/export const searchHash = "[\w-]+"/)
  })

  it('rewrites only changed bodies and removes the ones no essay names', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-blog-place-'))
    const [a, b] = [essayOf(1), essayOf(2)]
    const first = await placeBodies([a, b], dir, true)
    // Two bodies and their one pack.
    expect([first.written, first.unchanged, first.removed]).toEqual([3, 0, 0])
    const edited = { ...b, html: `${b.html}<p>Added.</p>` }
    const second = await placeBodies([a, edited], dir, true)
    // The edited body and a new pack; the old body and old pack removed.
    expect([second.written, second.unchanged, second.removed]).toEqual([2, 1, 2])
    expect(
      readdirSync(dir)
        .filter((name) => !name.startsWith('pack-'))
        .sort(),
    ).toEqual([bodyName(a.html), bodyName(edited.html)].sort())
    expect(second.packs).toHaveLength(1)
  })
})

describe('the incremental build cache (.cache/essays)', () => {
  const sources = [0, 1, 2].map((i) => ({
    file: `content/e${i}.md`,
    source: generateEssay(i).markdown,
  }))

  it('renders a file once; an unchanged one is reused, a changed one rendered again', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'edge-blog-cache-'))
    const options = { cacheDir, version: 'v1' }
    const first = await renderEssays(sources, { author: 'A' }, options)
    expect(first.rendered).toEqual(sources.map((s) => s.file))
    expect(first.reused).toEqual([])

    const changed = sources.map((s, i) =>
      i === 1 ? { ...s, source: s.source.replace(/^title: "/m, 'title: "Revised: ') } : s,
    )
    const second = await renderEssays(changed, { author: 'A' }, options)
    expect(second.rendered).toEqual(['content/e1.md'])
    expect(second.reused).toEqual(['content/e0.md', 'content/e2.md'])
    // What comes from the cache is what rendering gives.
    expect(second.parsed.map((p) => p.essay)).toEqual(
      changed.map((s) => parseEssay(s.file, s.source, { author: 'A' })),
    )
    expect(second.parsed[1]!.essay.title).toMatch(/^Revised: /)
    // The old rendering of e1 is gone: the cache holds one entry per file.
    expect(readdirSync(cacheDir)).toHaveLength(3)
  })

  it('a new renderer version, or a new default author, re-renders every file', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'edge-blog-cache-'))
    await renderEssays(sources, { author: 'A' }, { cacheDir, version: 'v1' })
    const bumped = await renderEssays(sources, { author: 'A' }, { cacheDir, version: 'v2' })
    expect(bumped.rendered).toHaveLength(3)
    expect(bumped.reused).toEqual([])
    const author = await renderEssays(sources, { author: 'B' }, { cacheDir, version: 'v2' })
    expect(author.rendered).toHaveLength(3)
    expect(author.parsed[0]!.essay.author).toBe('B')
  })

  it('the project build uses it: a second build renders nothing, one edit renders one', async () => {
    const dir = blog(4)
    const first = await buildContent({ includeDrafts: false, root: dir })
    expect(first.render.rendered).toHaveLength(4)
    const code = generated(dir)
    const again = await buildContent({ includeDrafts: false, root: dir })
    expect(again.render.rendered).toEqual([])
    expect(generated(dir)).toBe(code)
    const file = join(dir, 'content', `${generateEssay(2).slug}.md`)
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^title: "/m, 'title: "Revised: '))
    const edit = await buildContent({ includeDrafts: false, root: dir })
    expect(edit.render.rendered).toEqual([`content/${generateEssay(2).slug}.md`])
    expect(generated(dir)).toContain('Revised: ')
  })
})

describe('listings precomputed by the build', () => {
  it('the tag lists the build writes give the same tags the isolate would compute', async () => {
    const dir = blog(30)
    await buildContent({ includeDrafts: false, root: dir })
    const code = generated(dir)
    const lists = JSON.parse(
      code.match(/export const tagLists: TagList\[\] = (.*)/)![1]!,
    ) as TagList[]
    const essays = Array.from({ length: 30 }, (_, i) => essayOf(i)).sort((a, b) =>
      a.date === b.date ? a.slug.localeCompare(b.slug) : b.date.localeCompare(a.date),
    )
    const options = { perPage: 20, feedItems: 20, tagSlugs: tagSlugsOf(essays), lang: 'en' }
    const computed = makeCatalog('computed', essays, options)
    const given = makeCatalog('given', essays, { ...options, tagLists: lists })
    expect(lists.length).toBeGreaterThan(5)
    expect(given.tags).toEqual(computed.tags)
    expect(given.tags.map((tag) => tag.essays.length)).toEqual(
      computed.tags.map((tag) => tag.essays.length),
    )
    for (const tag of computed.tags) expect(given.tag(tag.slug)?.essays).toEqual(tag.essays)
  })
})
