/**
 * Build step: content/*.md -> src/generated/content.ts, which the worker imports.
 * All Markdown parsing and typography happens here, so the worker ships no parser.
 *
 *   tsx scripts/build/content.ts [--drafts]
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Essay, SiteInfo } from '../../src/content/types.ts'
import { collectEssays, collectTagSlugs, ContentError } from './essay.ts'
import { parseSite } from './site.ts'
import { LOCALES, localeFor, missingKeys } from '../../src/views/locales/index.ts'
import { writeOgImages } from './og-images.ts'
import { bodiesOut, bodiesSetting, placeBodies } from './bodies.ts'
import { renderEssays, rendererVersion } from './render-cache.ts'
import { makeCatalog, tagListsOf } from '../../src/content/make-catalog.ts'

const repoRoot = new URL('../..', import.meta.url).pathname

/** Inline assets are named in the CSP by hash, so pages need no 'unsafe-inline'. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`
}

/**
 * What the search index holds of each essay, hashed: the worker reloads its essay index in D1 when this
 * differs from the hash stored there (src/search/essay-index.ts), so deploying is the only step.
 */
function searchHashOf(essays: Essay[]): string {
  const hash = createHash('sha256')
  for (const essay of essays) {
    hash.update(
      JSON.stringify([essay.slug, essay.title, essay.description, essay.tags, essay.html]),
    )
    hash.update('\n')
  }
  return hash.digest('base64url')
}

/** `value` as a JS expression that parses it from one JSON string literal. */
const jsonLiteral = (value: unknown) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`

async function readSite(root: string): Promise<{ site: SiteInfo; essayBodies: unknown }> {
  const file = 'content/site.json'
  let data: unknown
  try {
    data = JSON.parse(await readFile(join(root, file), 'utf8'))
  } catch (error) {
    throw new ContentError(file, 'site', `is not valid JSON: ${(error as Error).message}`)
  }
  // A build setting, not site identity: kept out of the generated `site`.
  const isObject = typeof data === 'object' && data !== null && !Array.isArray(data)
  const { essayBodies, ...fields } = (isObject ? data : {}) as Record<string, unknown>
  const site = parseSite(file, isObject ? fields : data)
  checkLocales(file, site.lang)
  return { site, essayBodies }
}

/**
 * The interface tables: every locale has every key of the English one (the type says so too, this
 * says it in the build), and content/site.json's lang has a locale file.
 */
export function checkLocales(file: string, lang: string) {
  for (const [name, table] of Object.entries(LOCALES)) {
    const missing = missingKeys(table)
    if (missing.length)
      throw new ContentError(
        `src/views/locales/${name}.ts`,
        name,
        `is missing ${missing.length === 1 ? 'a key' : 'keys'} of the English table: ${missing.join(', ')}`,
      )
  }
  if (!localeFor(lang))
    throw new ContentError(
      file,
      'lang',
      `is "${lang}", which has no interface locale: add src/views/locales/${lang.toLowerCase().split('-')[0]}.ts (one of ${Object.keys(LOCALES).join(', ')} exists)`,
    )
}

async function readClientScripts(
  root: string,
): Promise<Record<string, { code: string; hash: string }>> {
  const dir = join(root, 'src/client')
  const scripts: Record<string, { code: string; hash: string }> = {}
  const names = await readdir(dir).catch(() => [] as string[])
  for (const name of names.filter((f) => f.endsWith('.js')).sort()) {
    const code = (await readFile(join(dir, name), 'utf8')).trim()
    scripts[name.replace(/\.js$/, '')] = { code, hash: cspHash(code) }
  }
  return scripts
}

/**
 * Old WordPress permalinks -> slugs (content/redirects.json, written by the importer, edited by the author).
 * Optional; entries for essays not in this build are dropped so a redirect never lands on a 404.
 */
async function readRedirectMap(root: string, slugs: Set<string>): Promise<Record<string, string>> {
  const file = 'content/redirects.json'
  let data: unknown
  try {
    data = JSON.parse(await readFile(join(root, file), 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new ContentError(file, 'redirects', `is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new ContentError(file, 'redirects', 'must be an object of "old path": "slug"')
  const map: Record<string, string> = {}
  for (const [path, slug] of Object.entries(data)) {
    if (!path.startsWith('/') || path.startsWith('/essays/') || typeof slug !== 'string')
      throw new ContentError(file, path, 'must map an old path starting with "/" to a slug')
    if (slugs.has(slug)) map[path] = slug
  }
  return map
}

export async function buildContent(options: { includeDrafts: boolean; root?: string }) {
  const root = options.root ?? repoRoot
  // The essays' folder; CONTENT_DIR points a build at another one (the e2e fixture blog). site.json
  // and redirects.json are always read from content/.
  const contentDir = resolve(root, process.env.CONTENT_DIR || 'content')
  const { site, essayBodies } = await readSite(root)
  const files = (await readdir(contentDir)).filter((f) => f.endsWith('.md')).sort()
  const sources = []
  for (const name of files)
    sources.push({
      file: `content/${name}`,
      source: await readFile(join(contentDir, name), 'utf8'),
    })
  // Only changed files are rendered; the rest come from .cache/essays (scripts/build/render-cache.ts).
  const render = await renderEssays(
    sources,
    { author: site.author },
    { cacheDir: join(root, '.cache/essays'), version: await rendererVersion() },
  )
  const parsed = render.parsed
  const essays = collectEssays(parsed, options)
  const tagSlugs = collectTagSlugs(parsed, essays)
  const setting = bodiesSetting('content/site.json', essayBodies, process.env.ESSAY_BODIES)
  const bodies = await placeBodies(essays, join(root, 'public/_essays'), bodiesOut(essays, setting))
  // The listings' indexes, computed once here rather than in every isolate (src/content/make-catalog.ts).
  const catalog = makeCatalog('build', essays, { ...site, tagSlugs, lang: site.lang })
  const css = (await readFile(join(root, 'src/views/styles.css'), 'utf8')).trim()
  const scripts = await readClientScripts(root)
  const redirects = await readRedirectMap(root, new Set(essays.map((essay) => essay.slug)))
  const generated = [
    '// Generated by scripts/build/content.ts. Do not edit: change content/ and rebuild.',
    "import type { Essay, SiteInfo } from '../content/types'",
    "import type { TagList } from '../content/make-catalog'",
    '',
    `export const site: SiteInfo = ${JSON.stringify(site, null, 2)}`,
    '',
    // Bundled bodies keep their `html`; a large blog's catalogue names each body's asset instead,
    // and is one JSON string: V8 (and Miniflare's module scan) read one string literal much faster
    // than thousands of object literals, which is most of a large catalogue's startup cost.
    `export const essays: Essay[] = ${bodies.out ? jsonLiteral(bodies.essays) : JSON.stringify(bodies.essays, null, 2)}`,
    '',
    '/** Tag display text -> slug (src/content/tags.ts). */',
    `export const tagSlugs: Array<[string, string]> = ${JSON.stringify(tagSlugs)}`,
    '',
    "/** Each tag's page list, precomputed: [slug, display text, indexes into `essays`] (src/content/make-catalog.ts). */",
    '/** How many essays `tagLists` indexes: a catalogue of any other list computes its own. */',
    `export const tagListsEssays = ${bodies.essays.length}`,
    `export const tagLists: TagList[] = ${bodies.out ? jsonLiteral(tagListsOf(catalog)) : JSON.stringify(tagListsOf(catalog))}`,
    '',
    `export const styles = ${JSON.stringify({ css, hash: cspHash(css) })}`,
    '',
    `export const scripts: Record<string, { code: string; hash: string }> = ${JSON.stringify(scripts, null, 2)}`,
    '',
    "/** A large blog's bodies packed for readers of them all (scripts/build/bodies.ts); [] when bundled. */",
    `export const bodyPacks: string[] = ${JSON.stringify(bodies.packs)}`,
    '',
    `export const redirects: Record<string, string> = ${JSON.stringify(redirects, null, 2)}`,
    '',
    `export const searchHash = ${JSON.stringify(searchHashOf(essays))}`,
    '',
  ].join('\n')
  await mkdir(join(root, 'src/generated'), { recursive: true })
  await writeFile(join(root, 'src/generated/content.ts'), generated)
  return { site, essays, render, bodies }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const includeDrafts = process.argv.includes('--drafts')
  try {
    const { essays, site, render, bodies } = await buildContent({ includeDrafts })
    console.log(
      `built ${essays.length} essay(s)${includeDrafts ? ' (drafts included)' : ''} -> src/generated/content.ts (${render.rendered.length} rendered, ${render.reused.length} from .cache/essays)`,
    )
    console.log(
      bodies.out
        ? `essay bodies: static assets (${bodies.written} written, ${bodies.unchanged} unchanged, ${bodies.removed} removed) -> public/_essays/`
        : 'essay bodies: in the bundle',
    )
    // Share cards: re-rendered only when what they show changed; stale ones (e.g. drafts) removed.
    const og = await writeOgImages(essays, site, { includeDrafts })
    console.log(
      `share cards: ${og.rendered.length} rendered, ${og.unchanged.length} unchanged, ${og.removed.length} removed -> public/og/`,
    )
  } catch (error) {
    if (error instanceof ContentError) {
      console.error(`content build failed: ${error.message}`)
      process.exit(1)
    }
    throw error
  }
}
