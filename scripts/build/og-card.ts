/**
 * The share card's design: what it says (cardFor), how the title is fitted (titleStyle), the
 * 1200x630 layout, and rendering it with satori (layout -> SVG) and resvg (SVG -> PNG).
 * og-images.ts hashes this file, so editing the design re-renders every card.
 */
import type { Essay, SiteInfo } from '../../src/content/types.ts'
import { type CardFont, FAMILIES } from './og-fonts.ts'

export const WIDTH = 1200
export const HEIGHT = 630

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
