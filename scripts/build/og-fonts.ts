/**
 * The share cards' fonts: Inter's .woff files from node_modules/@fontsource/inter (satori reads
 * woff/ttf/otf, not woff2), read from disk only, so rendering never reaches the network.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'

const root = new URL('../..', import.meta.url).pathname
export const FONT_DIR = join(root, 'node_modules/@fontsource/inter/files')

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

/** The CSS font-family list for the card: every subset, in order, so glyphs fall through them. */
export const FAMILIES = SUBSETS.map((subset) => `'Inter ${subset}'`).join(', ')

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
