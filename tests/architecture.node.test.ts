/**
 * The architecture, checked from the imports themselves: features (the folders under src/ that
 * answer requests) never import each other in both directions and form no cycle; the shared layers
 * (lib/, db/, views/, content/ and the top-level config, env and events modules) import no feature.
 * Features meet through src/events.ts and what the app wires in src/index.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../src')
const SHARED = new Set([
  'lib',
  'db',
  'views',
  'content',
  'generated',
  'client',
  'config',
  'env',
  'events',
  'worker-configuration',
])
const APP = 'index'

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(name) ? [path] : []
  })
}

/** "src/comments/routes.tsx" -> "comments"; "src/config.ts" -> "config". */
function areaOf(file: string): string {
  const [first] = relative(SRC, file).split('/')
  return first!.replace(/\.(d\.)?tsx?$/, '')
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [
    ...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/g),
    ...text.matchAll(/import\('([^']+)'\)/g),
  ]
  return specifiers
    .map((match) => match[1]!)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => resolve(dirname(file), spec))
    .filter((target) => target.startsWith(SRC))
}

const edges = new Map<string, Set<string>>()
const examples = new Map<string, string>()
for (const file of sourceFiles(SRC)) {
  const from = areaOf(file)
  for (const target of importsOf(file)) {
    const to = areaOf(target)
    if (to === from) continue
    if (!edges.has(from)) edges.set(from, new Set())
    edges.get(from)!.add(to)
    examples.set(`${from}->${to}`, `${relative(SRC, file)} imports ${relative(SRC, target)}`)
  }
}
const features = [
  ...new Set([...edges.keys(), ...[...edges.values()].flatMap((s) => [...s])]),
].filter((area) => !SHARED.has(area) && area !== APP)

describe('architecture (from the imports)', () => {
  it('finds the features it checks', () => {
    expect(features).toEqual(expect.arrayContaining(['essays', 'comments', 'admin', 'share']))
  })

  it('shared layers import no feature and not the app', () => {
    const wrong = [...edges].flatMap(([from, tos]) =>
      SHARED.has(from)
        ? [...tos].filter((to) => !SHARED.has(to)).map((to) => examples.get(`${from}->${to}`))
        : [],
    )
    expect(wrong).toEqual([])
  })

  it('no two features import each other', () => {
    const pairs = features.flatMap((a) =>
      features
        .filter((b) => a < b && edges.get(a)?.has(b) && edges.get(b)?.has(a))
        .map((b) => `${examples.get(`${a}->${b}`)} / ${examples.get(`${b}->${a}`)}`),
    )
    expect(pairs).toEqual([])
  })

  it('the features form no cycle', () => {
    const state = new Map<string, 'open' | 'done'>()
    const cycles: string[] = []
    const visit = (area: string, path: string[]) => {
      if (state.get(area) === 'done') return
      if (state.get(area) === 'open') {
        cycles.push([...path.slice(path.indexOf(area)), area].join(' -> '))
        return
      }
      state.set(area, 'open')
      for (const next of edges.get(area) ?? [])
        if (features.includes(next)) visit(next, [...path, area])
      state.set(area, 'done')
    }
    for (const feature of features) visit(feature, [])
    expect(cycles).toEqual([])
  })
})
