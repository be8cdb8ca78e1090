/** Step 1: the bundle exactly as `wrangler deploy` would upload it, its sizes, and its counting twin. */
import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { root } from './config'
import { countingWrapper } from './workers'

export interface Bundle {
  /** The directory wrangler wrote the bundle to (the Miniflare modules root). */
  dir: string
  /** The bundle's entry module, as wrangler named it. */
  script: string
  /** The counting twin's entry module, beside the bundle (see workers.ts). */
  counterScript: string
  sizes: { file: string; rawBytes: number; gzipBytes: number }
}

export function sh(command: string, args: string[], cwd = root) {
  const out = spawnSync(command, args, {
    cwd,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    encoding: 'utf8',
  })
  if (out.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${out.stdout}\n${out.stderr}`)
  return out.stdout
}

/** Builds content, then `wrangler deploy --dry-run` into `<tmp>/bundle`. */
export function buildBundle(tmp: string): Bundle {
  sh(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build/content.ts'])
  return wranglerBundle(root, join(tmp, 'bundle'))
}

/** `wrangler deploy --dry-run --outdir <dir>` of the blog at `blogRoot` (already built). */
export function wranglerBundle(blogRoot: string, dir: string): Bundle {
  sh(join(root, 'node_modules/.bin/wrangler'), ['deploy', '--dry-run', '--outdir', dir], blogRoot)
  const script = readdirSync(dir).find((f) => f.endsWith('.js'))
  if (!script) throw new Error('wrangler produced no .js bundle')
  const code = readFileSync(join(dir, script))
  const counterScript = join(dir, 'bench-count.js')
  writeFileSync(counterScript, countingWrapper.replace("'./index.js'", `'./${script}'`))
  return {
    dir,
    script: join(dir, script),
    counterScript,
    sizes: { file: script, rawBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length },
  }
}
