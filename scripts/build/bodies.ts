/**
 * Where essay bodies go (issue 12, item 5): in the worker bundle for a small blog, exactly as
 * before; in the static assets (public/_essays/<hash>.txt, read by src/content/bodies.ts through
 * the ASSETS binding) once the rendered bodies together pass AUTO_ASSETS_BYTES. The catalogue
 * (titles, dates, tags, descriptions, reading time) always stays in the bundle.
 *
 * Why 1 MiB: bodies cost startup in workerd at about 0.11 s per MB of rendered HTML (bench: 5,000
 * essays, ~50 MB of bodies, +5.6 s; 1,000 essays +1.1 s), and the Free plan refuses a worker over
 * 3 MB gzip (about 1,000 such essays). At 1 MiB (about 100 essays of 1,500 words) bundled bodies add
 * ~0.1 s at most, half the +200 ms budget; past it each essay page pays one ASSETS read per isolate.
 *
 * content/site.json "essayBodies" ("auto" | "bundle" | "assets", default "auto") or the
 * ESSAY_BODIES environment variable (wins) overrides the automatic choice.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Essay } from '../../src/content/types.ts'
import { ContentError } from './essay.ts'

export const BODIES_SETTINGS = ['auto', 'bundle', 'assets'] as const
export type BodiesSetting = (typeof BODIES_SETTINGS)[number]
export const AUTO_ASSETS_BYTES = 1024 * 1024
/** Public path prefix; wrangler.toml's run_worker_first sends it to the worker, which answers 404. */
export const BODIES_PATH = '/_essays/'

/** The setting from content/site.json's "essayBodies" and ESSAY_BODIES, checked. */
export function bodiesSetting(
  file: string,
  fromSite: unknown,
  fromEnv: string | undefined,
): BodiesSetting {
  const [value, where] = fromEnv ? [fromEnv, 'ESSAY_BODIES'] : [fromSite ?? 'auto', 'essayBodies']
  if (!BODIES_SETTINGS.includes(value as BodiesSetting))
    throw new ContentError(
      fromEnv ? 'environment' : file,
      where,
      `must be one of ${BODIES_SETTINGS.join(', ')}: ${JSON.stringify(value)}`,
    )
  return value as BodiesSetting
}

const bytesOf = (essays: readonly Essay[]) =>
  essays.reduce((sum, essay) => sum + Buffer.byteLength(essay.html), 0)

/** Whether this build moves the bodies out of the bundle. */
export function bodiesOut(
  essays: readonly Essay[],
  setting: BodiesSetting,
  threshold = AUTO_ASSETS_BYTES,
): boolean {
  if (setting !== 'auto') return setting === 'assets'
  return bytesOf(essays) > threshold
}

/** The asset name of a body: its content hash, so a changed essay gets a new file (never a stale cache). */
export const bodyName = (html: string) =>
  `${createHash('sha256').update(html).digest('base64url').slice(0, 27)}.txt`

/**
 * Bodies are also packed, in catalogue order, into JSON files of at most this many bytes
 * ({ "<bodyAsset>": "<html>" }): a reader that needs every body (the search index's reload) reads a
 * dozen packs rather than 5,000 files, well under the 50 subrequests a Free-plan request may make.
 */
export const PACK_BYTES = 4 * 1024 * 1024

export interface BodiesResult {
  /** The catalogue as bundled: `html` "" and `bodyAsset` set when the bodies went out. */
  essays: Essay[]
  /** ASSETS paths of the packs, in catalogue order ([] when bodies are bundled). */
  packs: string[]
  out: boolean
  written: number
  unchanged: number
  removed: number
}

/**
 * Writes the bodies into `dir` (public/_essays) when `out`, keeping files already there under the
 * same hash and removing ones no essay names; removes `dir` entirely when bodies stay bundled.
 */
export async function placeBodies(
  essays: readonly Essay[],
  dir: string,
  out: boolean,
): Promise<BodiesResult> {
  const existing = new Set(await readdir(dir).catch(() => [] as string[]))
  if (!out) {
    await rm(dir, { recursive: true, force: true })
    return { essays: [...essays], packs: [], out, written: 0, unchanged: 0, removed: existing.size }
  }
  await mkdir(dir, { recursive: true })
  const wanted = new Set<string>()
  let written = 0
  let unchanged = 0
  const catalogue = []
  for (const essay of essays) {
    const name = bodyName(essay.html)
    if (!wanted.has(name)) {
      wanted.add(name)
      const same =
        existing.has(name) && (await stat(join(dir, name))).size === Buffer.byteLength(essay.html)
      if (same) unchanged++
      else {
        await writeFile(join(dir, name), essay.html)
        written++
      }
    }
    catalogue.push({ ...essay, html: '', bodyAsset: BODIES_PATH + name })
  }
  const packs: string[] = []
  let pack: Record<string, string> = {}
  let packBytes = 0
  const flush = async () => {
    if (packBytes === 0) return
    const text = JSON.stringify(pack)
    const name = `pack-${bodyName(text).replace(/\.txt$/, '.json')}`
    wanted.add(name)
    packs.push(BODIES_PATH + name)
    if (existing.has(name)) unchanged++
    else {
      await writeFile(join(dir, name), text)
      written++
    }
    pack = {}
    packBytes = 0
  }
  for (const [i, entry] of catalogue.entries()) {
    const html = essays[i]!.html
    const size = Buffer.byteLength(html)
    if (packBytes > 0 && packBytes + size > PACK_BYTES) await flush()
    pack[entry.bodyAsset] = html
    packBytes += size
  }
  await flush()
  let removed = 0
  for (const name of existing) {
    if (wanted.has(name)) continue
    await rm(join(dir, name), { force: true })
    removed++
  }
  return { essays: catalogue, packs, out, written, unchanged, removed }
}
