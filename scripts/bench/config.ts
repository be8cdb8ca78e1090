/** The run's settings (from BENCH_* variables) and the fixed facts every step shares. */
import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export const root = new URL('../..', import.meta.url).pathname
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
export const SECONDS = Number(process.env.BENCH_SECONDS ?? 4)
export const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16)
/** The essay every route measures, with the seeded comments on it. */
export const SLUG = 'management-versus-leadership'
export const SEEDED_COMMENTS = 50
export const SITE_URL = 'https://bench.example'
export const COMPAT_DATE =
  readFileSync(join(root, 'wrangler.toml'), 'utf8').match(
    /compatibility_date\s*=\s*"([^"]+)"/,
  )?.[1] ?? '2026-04-01'
/** Marks every row this run writes, so the nothing-lost check counts only its own comments. */
export const RUN_TAG = randomBytes(4).toString('hex')
