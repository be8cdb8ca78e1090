import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

/** Slugs of the essays in the content folder (front-matter slug, else the file name). */
export async function knownSlugs(contentDir: string): Promise<Set<string>> {
  const slugs = new Set<string>()
  const names = await readdir(contentDir).catch(() => [] as string[])
  for (const name of names.filter((n) => n.endsWith('.md'))) {
    const head = (await readFile(join(contentDir, name), 'utf8')).slice(0, 4000)
    const slug = head.match(/^slug:\s*["']?([a-z0-9-]+)["']?\s*$/m)?.[1]
    slugs.add(slug ?? name.replace(/\.md$/, ''))
  }
  return slugs
}
