/**
 * Build step: one 1200x630 Open Graph PNG per essay in public/og/<slug>.png, drawn with
 * satori (layout -> SVG) and resvg (SVG -> PNG). Fonts are Inter's .woff files from
 * node_modules/@fontsource/inter (satori reads woff/ttf/otf, not woff2): nothing is fetched.
 *
 * Each PNG carries a tEXt chunk with a hash of everything that shapes it (title, site name,
 * date, fonts, this file), so a rebuild re-renders only cards whose inputs changed.
 * Cards with no essay any more (a draft after a --drafts build, a renamed slug) are deleted,
 * so a production build never ships a draft's card.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Essay, SiteInfo } from '../../src/essays/types.ts'

const root = new URL('../..', import.meta.url).pathname
export const OG_DIR = join(root, 'public/og')
export const FONT_DIR = join(root, 'node_modules/@fontsource/inter/files')
export const WIDTH = 1200
export const HEIGHT = 630

// Inter's subsets, so titles in Latin, Cyrillic, Greek and Vietnamese all have glyphs.
const SUBSETS = [
  'latin',
  'latin-ext',
  'cyrillic',
  'cyrillic-ext',
  'greek',
  'greek-ext',
  'vietnamese',
]
const WEIGHTS = [400, 700] as const
export const FONT_FILES = SUBSETS.flatMap((subset) =>
  WEIGHTS.map((weight) => join(FONT_DIR, `inter-${subset}-${weight}-normal.woff`)),
)

export interface CardFont {
  name: string
  data: Buffer
  weight: (typeof WEIGHTS)[number]
  style: 'normal'
}

/** Inter from local files only. */
export async function loadFonts(): Promise<CardFont[]> {
  return Promise.all(
    FONT_FILES.map(async (file) => ({
      // One family name per subset: satori then falls back through them glyph by glyph.
      name: `Inter ${file.match(/inter-([a-z-]+)-\d00-normal\.woff$/)![1]}`,
      data: await readFile(file),
      weight: Number(file.match(/-(\d00)-normal\.woff$/)![1]) as CardFont['weight'],
      style: 'normal' as const,
    })),
  )
}

export interface Card {
  title: string
  siteName: string
  /** As readers see it, e.g. "January 1, 2023". */
  date: string
}

export function cardFor(
  essay: Pick<Essay, 'title' | 'date'>,
  site: Pick<SiteInfo, 'title' | 'lang'>,
): Card {
  const date = new Date(essay.date).toLocaleDateString(site.lang, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    timeZone: 'UTC',
  })
  return { title: essay.title, siteName: site.title, date }
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

// Emoji shown as emoji (not ©, ™): no colour-emoji font ships with the build, so they are left off the card.
const EMOJI = /\p{Emoji_Presentation}|\uFE0F|\u200D/u

/**
 * Long titles get a smaller size; past what four lines hold they are cut at a grapheme with an
 * ellipsis. Emoji are dropped (see EMOJI).
 */
export function titleStyle(title: string): { text: string; fontSize: number } {
  const parts = Array.from(segmenter.segment(title), (part) => part.segment).filter(
    (part) => !EMOJI.test(part),
  )
  const clean = parts.join('').replace(/\s+/g, ' ').trim()
  if (clean !== parts.join('')) return titleStyle(clean)
  const n = parts.length
  const fontSize = n <= 24 ? 92 : n <= 44 ? 76 : n <= 72 ? 62 : n <= 110 ? 52 : 44
  const max = 170
  const text =
    n <= max
      ? clean
      : parts
          .slice(0, max - 1)
          .join('')
          .trimEnd() + '…'
  return { text, fontSize }
}

// A warm light card with near-black type and a rust accent bar: the dark text keeps
// its contrast in light feeds, and the light card stands out as a block in dark ones.
const COLORS = {
  paper: '#f7f2e8',
  ink: '#1c1917',
  muted: '#57534e',
  accent: '#9a3412',
  rule: '#e0d6c4',
}

const FAMILIES = SUBSETS.map((subset) => `'Inter ${subset}'`).join(', ')

type Node = {
  type: string
  props: { style?: Record<string, unknown>; children?: Node | Node[] | string }
}
const box = (style: Record<string, unknown>, children?: Node | Node[] | string): Node => ({
  type: 'div',
  props: { style, children },
})

function layout(card: Card): Node {
  const title = titleStyle(card.title)
  return box(
    {
      width: WIDTH,
      height: HEIGHT,
      display: 'flex',
      backgroundColor: COLORS.paper,
      fontFamily: FAMILIES,
    },
    [
      box({ width: 28, height: HEIGHT, flexShrink: 0, backgroundColor: COLORS.accent }),
      box(
        {
          display: 'flex',
          flexDirection: 'column',
          justifyContent: 'space-between',
          flexGrow: 1,
          padding: '64px 80px 56px 72px',
        },
        [
          box(
            {
              display: 'flex',
              fontSize: 30,
              fontWeight: 700,
              color: COLORS.accent,
              letterSpacing: '0.02em',
            },
            card.siteName,
          ),
          box(
            {
              display: 'flex',
              fontSize: title.fontSize,
              fontWeight: 700,
              color: COLORS.ink,
              lineHeight: 1.1,
              letterSpacing: '-0.02em',
              textWrap: 'balance',
            },
            title.text,
          ),
          box(
            {
              display: 'flex',
              borderTop: `2px solid ${COLORS.rule}`,
              paddingTop: 24,
              fontSize: 30,
              fontWeight: 400,
              color: COLORS.muted,
            },
            card.date,
          ),
        ],
      ),
    ],
  )
}

/** One card as PNG bytes. Takes the font buffers: rendering never reaches the network. */
export async function renderCard(card: Card, fonts: CardFont[]): Promise<Buffer> {
  const [{ default: satori }, { Resvg }] = await Promise.all([
    import('satori'),
    import('@resvg/resvg-js'),
  ])
  const svg = await satori(layout(card), { width: WIDTH, height: HEIGHT, fonts })
  const png = new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } })
    .render()
    .asPng()
  return Buffer.from(png)
}

// --- PNG tEXt chunk: where a card remembers what it was drawn from -------------------------

const KEYWORD = 'edge-blog:card'
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** Inserts a tEXt chunk right after IHDR (signature 8 bytes + IHDR 25 bytes). */
export function withTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1')
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), data])
  const chunk = Buffer.alloc(12 + data.length)
  chunk.writeUInt32BE(data.length, 0)
  typeAndData.copy(chunk, 4)
  chunk.writeUInt32BE(crc32(typeAndData), 8 + data.length)
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)])
}

export function readTextChunk(png: Buffer, keyword: string): string | undefined {
  let offset = 8
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    if (type === 'IDAT' || type === 'IEND') return undefined
    if (type === 'tEXt') {
      const data = png.toString('latin1', offset + 8, offset + 8 + length)
      const nul = data.indexOf('\0')
      if (data.slice(0, nul) === keyword) return data.slice(nul + 1)
    }
    offset += 12 + length
  }
  return undefined
}

let sourceHash: Promise<string> | undefined
/** Changes whenever this file (the design) or the fonts change. */
function designHash(): Promise<string> {
  sourceHash ??= (async () => {
    const hash = createHash('sha256').update(await readFile(fileURLToPath(import.meta.url)))
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
