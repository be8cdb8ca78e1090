/**
 * Build step: one 1200x630 Open Graph PNG per essay in public/og/<slug>.png. The design is
 * og-card.ts (layout, satori + resvg) with the fonts of og-fonts.ts (local Inter .woff files:
 * nothing is fetched).
 *
 * Each PNG carries a tEXt chunk (png-text.ts) with a hash of everything that shapes it (title,
 * site name, date, fonts, the design's source files), so a rebuild re-renders only cards whose
 * inputs changed. Cards with no essay any more (a draft after a --drafts build, a renamed slug)
 * are deleted, so a production build never ships a draft's card.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Essay, SiteInfo } from '../../src/content/types.ts'
import { type Card, cardFor, renderCard } from './og-card.ts'
import { type CardFont, FONT_FILES, loadFonts } from './og-fonts.ts'
import { readTextChunk, withTextChunk } from './png-text.ts'

const root = new URL('../..', import.meta.url).pathname
export const OG_DIR = join(root, 'public/og')

const KEYWORD = 'edge-blog:card'
/** The files whose every edit can change a card's pixels. */
const DESIGN_SOURCES = ['./og-card.ts', './og-fonts.ts'].map(
  (file) => new URL(file, import.meta.url),
)

let sourceHash: Promise<string> | undefined
/** Changes whenever the design (its source files) or the fonts change. */
function designHash(): Promise<string> {
  sourceHash ??= (async () => {
    const hash = createHash('sha256')
    for (const source of DESIGN_SOURCES) hash.update(await readFile(source))
    for (const file of FONT_FILES) hash.update(`${file}:${(await stat(file)).size}`)
    return hash.digest('hex')
  })()
  return sourceHash
}

export async function cardKey(card: Card): Promise<string> {
  return createHash('sha256')
    .update(JSON.stringify([await designHash(), card.title, card.siteName, card.date]))
    .digest('hex')
}

export interface OgResult {
  rendered: string[]
  unchanged: string[]
  removed: string[]
}

/**
 * Writes public/og/<slug>.png for each essay (drafts only when includeDrafts) and deletes
 * every other PNG there.
 */
export async function writeOgImages(
  essays: Array<Pick<Essay, 'slug' | 'title' | 'date' | 'draft'>>,
  site: Pick<SiteInfo, 'title' | 'lang'>,
  options: { includeDrafts?: boolean; outDir?: string } = {},
): Promise<OgResult> {
  const outDir = options.outDir ?? OG_DIR
  await mkdir(outDir, { recursive: true })
  const wanted = essays.filter((essay) => options.includeDrafts || !essay.draft)
  const names = new Set(wanted.map((essay) => `${essay.slug}.png`))
  const result: OgResult = { rendered: [], unchanged: [], removed: [] }
  for (const name of await readdir(outDir)) {
    if (name.endsWith('.png') && !names.has(name)) {
      await unlink(join(outDir, name))
      result.removed.push(name)
    }
  }
  let fonts: Promise<CardFont[]> | undefined
  for (const essay of wanted) {
    const file = join(outDir, `${essay.slug}.png`)
    const card = cardFor(essay, site)
    const key = await cardKey(card)
    const existing = await readFile(file).catch(() => undefined)
    if (existing && readTextChunk(existing, KEYWORD) === key) {
      result.unchanged.push(essay.slug)
      continue
    }
    fonts ??= loadFonts()
    await writeFile(file, withTextChunk(await renderCard(card, await fonts), KEYWORD, key))
    result.rendered.push(essay.slug)
  }
  return result
}
