import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = new URL('../..', import.meta.url).pathname
const check = (configPath: string) =>
  spawnSync(
    process.execPath,
    [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/check-config.ts', configPath],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  )

describe('npm run check:config (the first step of npm run deploy)', () => {
  it('accepts the vars in wrangler.toml', () => {
    const out = check('wrangler.toml')
    expect(out.stderr).toBe('')
    expect(out.status).toBe(0)
    expect(out.stdout).toContain('config ok')
  })

  it('refuses a malformed var, naming it, with a non-zero exit', () => {
    const dir = mkdtempSync(join(tmpdir(), 'edge-blog-config-'))
    const bad = readFileSync(join(root, 'wrangler.toml'), 'utf8')
      .replace('MODERATION_POLICY = "hold-all"', 'MODERATION_POLICY = "hold-some"')
      .replace('main = "src/index.ts"', `main = "${join(root, 'src/index.ts')}"`)
    const file = join(dir, 'wrangler.toml')
    writeFileSync(file, bad)
    const out = check(file)
    expect(out.status).toBe(1)
    expect(out.stderr).toContain('MODERATION_POLICY must be one of hold-all, hold-first, open')
  })
})
