/**
 * `npm run types:check`: fails when src/worker-configuration.d.ts (what `npm run types` generates
 * from wrangler.toml) no longer matches wrangler.toml. `wrangler types --check` cannot be used for
 * this: it reads .dev.vars whatever --env-file says, so on any machine where `npm start` has run,
 * the local secrets would make the committed file look stale. This regenerates beside it (same
 * folder, so relative paths inside match), compares everything but the header line, and cleans up.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'

const here = new URL('..', import.meta.url).pathname
const committed = join(here, 'src/worker-configuration.d.ts')
const fresh = join(here, 'src/.worker-configuration.check.d.ts')
const args = [
  'types',
  fresh,
  '--include-runtime=false',
  '--strict-vars=false',
  '--env-file',
  '/dev/null',
]

const run = spawnSync(join(here, 'node_modules/.bin/wrangler'), args, {
  cwd: here,
  encoding: 'utf8',
  env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
})
try {
  if (run.status !== 0) throw new Error(`wrangler types failed:\n${run.stdout}\n${run.stderr}`)
  // Line 2 names the command (and so the output path) and its hash: the rest is the types.
  const body = (file: string) => readFileSync(file, 'utf8').split('\n').slice(2).join('\n')
  if (body(committed) !== body(fresh)) {
    console.error(
      'src/worker-configuration.d.ts is out of date with wrangler.toml: run `npm run types`.',
    )
    process.exitCode = 1
  } else console.log('src/worker-configuration.d.ts matches wrangler.toml')
} finally {
  rmSync(fresh, { force: true })
}
