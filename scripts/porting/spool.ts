/**
 * A spool: records written to a temporary JSON-lines file and read back in order, so an import can
 * check a whole export before writing anything without holding its comments in memory. Writes are
 * synchronous (called from the XML parser's callbacks) in ~1 MB blocks; reading streams line by line.
 */
import { closeSync, createReadStream, openSync, writeSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const BLOCK = 1024 * 1024

export class Spool<T> {
  private fd: number | null
  private buffer = ''
  count = 0

  constructor(readonly file: string) {
    this.fd = openSync(file, 'w')
  }

  append(record: T): void {
    if (this.fd === null) throw new Error(`spool ${this.file} is closed`)
    this.buffer += `${JSON.stringify(record)}\n`
    this.count++
    if (this.buffer.length >= BLOCK) this.flush()
  }

  private flush(): void {
    if (this.fd !== null && this.buffer) writeSync(this.fd, this.buffer)
    this.buffer = ''
  }

  /** Flushes and closes the file; reading is allowed only after it. */
  close(): void {
    if (this.fd === null) return
    this.flush()
    closeSync(this.fd)
    this.fd = null
  }

  async *read(): AsyncGenerator<T> {
    this.close()
    const lines = createInterface({
      input: createReadStream(this.file, { encoding: 'utf8' }),
      crlfDelay: Infinity,
    })
    for await (const line of lines) if (line) yield JSON.parse(line) as T
  }
}

/** A temporary folder for an import's spools, removed (whatever happens) when `work` settles. */
export async function withSpoolDir<R>(work: (dir: string) => Promise<R>): Promise<R> {
  const dir = await mkdtemp(join(tmpdir(), 'edge-blog-import-'))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

export const spoolIn = <T>(dir: string, name: string) => new Spool<T>(join(dir, `${name}.jsonl`))
