/**
 * Only the 5,000-essay part of the scale bench (the blogs of 1, 1,000 and 5,000 essays), for working
 * on the content build without the 100,000-comment part or the main rounds:
 *
 *   npx tsx scripts/bench/scale-essays-run.ts
 *
 * Prints the scale table's essay rows; `npm run bench` runs the same measurement inside the full run.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measureEssayScale } from './scale-essays'
import { scaleTable } from './scale-report'

const started = Date.now()
const tmp = mkdtempSync(join(tmpdir(), 'edge-blog-bench-essays-'))
process.once('exit', () => rmSync(tmp, { recursive: true, force: true }))
const log = (msg: string) =>
  console.log(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)}s] ${msg}`)
const essays = await measureEssayScale(tmp, log)
console.log(`\n${scaleTable({ essays, seconds: Math.round((Date.now() - started) / 1000) })}\n`)
