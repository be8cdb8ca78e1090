import cliProgress from 'cli-progress'
import { formatBytes } from './xml-reader.ts'

function bar(format: string) {
  return new cliProgress.SingleBar(
    { format, hideCursor: true, stream: process.stderr, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  )
}

/**
 * A byte-based progress bar for big files on a terminal; nothing at all otherwise (tests, pipes,
 * small files). The import reads the file once, checking all of it before writing (rowProgress).
 */
export function fileProgress(enabled: boolean, pass = 'reading') {
  let shown: cliProgress.SingleBar | undefined
  return {
    update(read: number, total: number) {
      if (!enabled || total < 2 * 1024 * 1024) return
      if (!shown) {
        shown = bar(`${pass} [{bar}] {percentage}% | {done} of {size}`)
        shown.start(total, 0, { done: formatBytes(0), size: formatBytes(total) })
      }
      shown.update(read, { done: formatBytes(read), size: formatBytes(total) })
    },
    stop() {
      shown?.stop()
    },
  }
}

/** A bar counting rows written to D1, for big imports on a terminal. */
export function rowProgress(enabled: boolean, total: number) {
  const shown =
    enabled && total >= 1000
      ? bar('writing [{bar}] {percentage}% | {value} of {total} comments')
      : undefined
  shown?.start(total, 0)
  return {
    update(done: number) {
      if (done % 100 === 0 || done === total) shown?.update(done)
    },
    stop() {
      shown?.stop()
    },
  }
}
