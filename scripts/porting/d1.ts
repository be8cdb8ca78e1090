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

/** SQL per wrangler call: each file is one D1 batch (one transaction locally), a few MB at most. */
export const MAX_BATCH_BYTES = 5_000_000

/**
 * Writes statements in D1 batches as they come: one file of up to MAX_BATCH_BYTES, one wrangler call,
 * then the next; so an import holds one batch of SQL in memory, never the whole export's. Statements
 * are idempotent (each already under D1's 100 KB limit), so a batch that failed can simply be run again.
 */
export interface BatchOptions {
  /** Bytes of SQL per batch; default MAX_BATCH_BYTES (tests lower it to see several batches). */
  batchBytes?: number
  /** Runs one batch's SQL file; default `wrangler d1 execute --file` on the target (tests record). */
  executeBatch?: (file: string, sql: string) => Promise<void>
}

export class BatchWriter {
  private statements: string[] = []
  private size = 0
  private dir: string | undefined
  private readonly limit: number
  batches = 0

  constructor(
    private readonly target: D1Target & BatchOptions,
    private readonly onBatch?: (batches: number) => void,
  ) {
    this.limit = target.batchBytes ?? MAX_BATCH_BYTES
  }

  async add(statement: string): Promise<void> {
    if (this.size + statement.length > this.limit && this.statements.length > 0) await this.flush()
    this.statements.push(statement)
    this.size += statement.length
  }

  private async flush(): Promise<void> {
    if (this.statements.length === 0) return
    this.dir ??= await mkdtemp(join(tmpdir(), 'edge-blog-sql-'))
    const file = join(this.dir, `batch-${String(this.batches + 1).padStart(4, '0')}.sql`)
    const sql = this.statements.join('\n') + '\n'
    this.statements = []
    this.size = 0
    await writeFile(file, sql)
    if (this.target.executeBatch) await this.target.executeBatch(file, sql)
    else
      await wrangler(['d1', 'execute', 'DB', ...targetArgs(this.target), '--yes', '--file', file])
    await rm(file, { force: true })
    this.batches++
    this.onBatch?.(this.batches)
  }

  /** Sends what is left; returns the number of batches. Cleans up even when a batch failed. */
  async finish(): Promise<number> {
    try {
      await this.flush()
    } finally {
      await this.close()
    }
    return this.batches
  }

  async close(): Promise<void> {
    if (this.dir) await rm(this.dir, { recursive: true, force: true })
    this.dir = undefined
  }
}

/** Runs SQL statements in batches (see BatchWriter); returns how many wrangler calls it took. */
export async function executeStatements(
  statements: Iterable<string>,
  target: D1Target & BatchOptions,
  onFile?: (done: number) => void,
): Promise<number> {
  const writer = new BatchWriter(target, onFile)
  try {
    for (const statement of statements) await writer.add(statement)
  } catch (error) {
    await writer.close()
    throw error
  }
  return writer.finish()
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
