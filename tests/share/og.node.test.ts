import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { collectEssays, parseEssay } from '../../scripts/build/essay.ts'
import { renderCard, titleStyle } from '../../scripts/build/og-card.ts'
import { FONT_DIR, FONT_FILES, loadFonts } from '../../scripts/build/og-fonts.ts'
import { OG_DIR, writeOgImages } from '../../scripts/build/og-images.ts'
import { readTextChunk } from '../../scripts/build/png-text.ts'

const root = new URL('../..', import.meta.url).pathname
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** Reads the IHDR chunk: the first chunk of a PNG, 13 bytes, width and height first. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true)
  expect(png.readUInt32BE(8)).toBe(13)
  expect(png.toString('latin1', 12, 16)).toBe('IHDR')
  expect(png.toString('latin1', png.length - 8, png.length - 4)).toBe('IEND')
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

async function contentEssays(includeDrafts: boolean) {
  const site = JSON.parse(await readFile(join(root, 'content/site.json'), 'utf8'))
  const files = (await readdir(join(root, 'content'))).filter((name) => name.endsWith('.md'))
  const parsed = await Promise.all(
    files.map(async (name) => ({
      file: `content/${name}`,
      essay: parseEssay(
        `content/${name}`,
        await readFile(join(root, 'content', name), 'utf8'),
        site,
      ),
    })),
  )
  return { site, essays: collectEssays(parsed, { includeDrafts }), all: parsed.map((p) => p.essay) }
}

const site = { title: 'Test Site', lang: 'en' }
const essay = (slug: string, title: string, draft = false) => ({
  slug,
  title,
  date: '2024-02-03T00:00:00.000Z',
  draft,
})

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('Open Graph cards', () => {
  it('the build leaves a valid 1200x630 PNG for every non-draft essay in public/og, and none for drafts', async () => {
    const { site: realSite, essays, all } = await contentEssays(false)
    expect(essays.length).toBeGreaterThan(0)
    // What `npm run build` runs; cheap when the cards are current (their inputs' hash matches).
    await writeOgImages(essays, realSite)
    for (const { slug } of essays) {
      expect(pngSize(await readFile(join(OG_DIR, `${slug}.png`)))).toEqual({
        width: 1200,
        height: 630,
      })
    }
    const cards = (await readdir(OG_DIR)).filter((name) => name.endsWith('.png'))
    for (const draft of all.filter((e) => e.draft)) expect(cards).not.toContain(`${draft.slug}.png`)
  })

  it('renders from local font buffers only: no fetch, fonts are woff files from @fontsource/inter', async () => {
    const fetchSpy = vi.fn(() =>
      Promise.reject(new Error('the card build must not use the network')),
    )
    vi.stubGlobal('fetch', fetchSpy)
    expect(FONT_FILES.length).toBeGreaterThan(0)
    for (const file of FONT_FILES) {
      expect(file.startsWith(`${FONT_DIR}/`)).toBe(true)
      expect(file).toMatch(/\.woff$/)
    }
    const fonts = await loadFonts()
    for (const font of fonts) {
      expect(Buffer.isBuffer(font.data)).toBe(true)
      expect(font.data.toString('latin1', 0, 4)).toBe('wOFF')
    }
    const png = await renderCard(
      {
        title: 'Fish & Chips: “Why?” — Ελληνικά, Кириллица 👩‍👩‍👧‍👦',
        siteName: 'Test Site',
        date: 'February 3, 2024',
      },
      fonts,
    )
    expect(pngSize(png)).toEqual({ width: 1200, height: 630 })
    expect(fetchSpy).not.toHaveBeenCalled()
  })

  it('re-renders only cards whose inputs changed, and removes cards of drafts and deleted essays', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'og-'))
    await writeFile(join(dir, 'old-draft.png'), 'stale')
    const first = await writeOgImages(
      [essay('one', 'One'), essay('two', 'Two'), essay('wip', 'Draft', true)],
      site,
      { outDir: dir },
    )
    expect(first).toEqual({ rendered: ['one', 'two'], unchanged: [], removed: ['old-draft.png'] })
    expect((await readdir(dir)).sort()).toEqual(['one.png', 'two.png'])
    expect(readTextChunk(await readFile(join(dir, 'one.png')), 'edge-blog:card')).toMatch(
      /^[0-9a-f]{64}$/,
    )

    const second = await writeOgImages([essay('one', 'One'), essay('two', 'Two, retitled')], site, {
      outDir: dir,
    })
    expect(second).toEqual({ rendered: ['two'], unchanged: ['one'], removed: [] })
    expect(pngSize(await readFile(join(dir, 'two.png')))).toEqual({ width: 1200, height: 630 })

    const drafts = await writeOgImages([essay('one', 'One'), essay('wip', 'Draft', true)], site, {
      outDir: dir,
      includeDrafts: true,
    })
    expect(drafts).toEqual({ rendered: ['wip'], unchanged: ['one'], removed: ['two.png'] })
    const production = await writeOgImages(
      [essay('one', 'One'), essay('wip', 'Draft', true)],
      site,
      { outDir: dir },
    )
    expect(production.removed).toEqual(['wip.png'])
  })

  it('shrinks the type for long titles and cuts very long ones at a grapheme', () => {
    expect(titleStyle('Short').fontSize).toBeGreaterThan(
      titleStyle('A title of about forty-five characters, say so').fontSize,
    )
    expect(titleStyle('x'.repeat(100)).fontSize).toBeGreaterThan(
      titleStyle('x'.repeat(150)).fontSize,
    )
    const cut = titleStyle(`${'é'.repeat(168)}e\u0301e\u0301e\u0301`)
    expect(cut.text.endsWith('…')).toBe(true)
    expect(cut.text).not.toMatch(/e…$/)
    expect(titleStyle('Family 👩‍👩‍👧‍👦 time ©').text).toBe('Family time ©')
  })
})
