import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { ImportError } from './errors.ts'

export type RedirectMap = Record<string, string>

/** Old paths are stored decoded, as the worker sees them ("/2023/01/01/café/" not "/2023/01/01/caf%C3%A9/"). */
export function normalizeOldPath(path: string): string {
  let decoded = path
  try {
    decoded = decodeURI(path)
  } catch {
    // Keep it as written.
  }
  return decoded
}

export async function readRedirects(file: string): Promise<RedirectMap> {
  if (!existsSync(file)) return {}
  let data: unknown
  try {
    data = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new ImportError(
      `${file}: is not valid JSON (${(error as Error).message}); fix or delete it, then run the import again`,
    )
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new ImportError(`${file}: must be a JSON object of "old path": "slug"`)
  return data as RedirectMap
}

/** New entries are added; an old path already mapped elsewhere keeps its mapping (the author may have edited it) and is reported. */
export function mergeRedirects(
  existing: RedirectMap,
  additions: RedirectMap,
): { merged: RedirectMap; added: number; conflicts: string[] } {
  const merged: RedirectMap = { ...existing }
  let added = 0
  const conflicts: string[] = []
  for (const [path, slug] of Object.entries(additions)) {
    if (merged[path] === undefined) {
      merged[path] = slug
      added++
    } else if (merged[path] !== slug)
      conflicts.push(`${path} already redirects to ${merged[path]}, not changed to ${slug}`)
  }
  const sorted: RedirectMap = {}
  for (const key of Object.keys(merged).sort()) sorted[key] = merged[key]!
  return { merged: sorted, added, conflicts }
}

export async function writeRedirects(file: string, map: RedirectMap): Promise<void> {
  await writeFile(file, `${JSON.stringify(map, null, 2)}\n`)
}
