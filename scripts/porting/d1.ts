import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const root = new URL('../..', import.meta.url).pathname

/** Which D1 database wrangler talks to: the local one (optionally in another folder) or the deployed one. */
export interface D1Target {
  remote?: boolean
  /** Local database folder (wrangler's --persist-to); default .wrangler/state. Also read from EDGE_BLOG_PERSIST_TO. */
  persistTo?: string
}

function targetArgs(target: D1Target): string[] {
  if (target.remote) return ['--remote']
  const persistTo = target.persistTo ?? process.env.EDGE_BLOG_PERSIST_TO
  return persistTo ? ['--local', '--persist-to', persistTo] : ['--local']
}

export function describeTarget(target: D1Target): string {
  if (target.remote) return 'the deployed D1 database (--remote)'
  const persistTo = target.persistTo ?? process.env.EDGE_BLOG_PERSIST_TO
  return persistTo
    ? `the local D1 database in ${persistTo}`
    : 'the local D1 database (.wrangler/state)'
}

export class WranglerError extends Error {}

function wrangler(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(root, 'node_modules/.bin/wrangler'), args, {
      cwd: root,
      // CI=true keeps wrangler from asking questions (it confirms migrations on its own).
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code === 0) resolve(stdout)
      else
        reject(
          new WranglerError(
            `wrangler ${args.slice(0, 3).join(' ')} failed (exit ${code}):\n${(stderr || stdout).trim().slice(-2000)}`,
          ),
        )
    })
  })
}

/** Creates the tables if they are not there yet (a fresh local database). Idempotent. */
export async function applyMigrations(target: D1Target): Promise<void> {
  await wrangler(['d1', 'migrations', 'apply', 'DB', ...targetArgs(target)])
}

/**
 * Runs SQL statements, one wrangler call per file of up to ~5 MB (each statement already under D1's
 * 100 KB limit). Statements are idempotent, so a file that failed half-way can simply be run again.
 */
export async function executeStatements(
  statements: string[],
  target: D1Target,
  onFile?: (done: number, total: number) => void,
): Promise<number> {
  if (statements.length === 0) return 0
  const files: string[][] = [[]]
  let size = 0
  for (const statement of statements) {
    if (size + statement.length > 5_000_000 && files.at(-1)!.length > 0) {
      files.push([])
      size = 0
    }
    files.at(-1)!.push(statement)
    size += statement.length
  }
  const dir = await mkdtemp(join(tmpdir(), 'edge-blog-sql-'))
  try {
    for (const [i, batch] of files.entries()) {
      const file = join(dir, `batch-${String(i + 1).padStart(4, '0')}.sql`)
      await writeFile(file, batch.join('\n') + '\n')
      await wrangler(['d1', 'execute', 'DB', ...targetArgs(target), '--yes', '--file', file])
      onFile?.(i + 1, files.length)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return files.length
}

/** Rows of one SELECT, through `wrangler d1 execute --json`. */
export async function query<T = Record<string, unknown>>(
  sql: string,
  target: D1Target,
): Promise<T[]> {
  const out = await wrangler([
    'd1',
    'execute',
    'DB',
    ...targetArgs(target),
    '--json',
    '--command',
    sql,
  ])
  // Only the JSON document: anything wrangler prints before it (a warning line) is skipped.
  const start = out.search(/^\[/m)
  if (start < 0) throw new WranglerError(`wrangler printed no JSON result:\n${out.slice(-2000)}`)
  const parsed = JSON.parse(out.slice(start)) as Array<{ results: T[]; success: boolean }>
  return parsed.flatMap((result) => result.results)
}
