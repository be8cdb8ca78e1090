import cliProgress from 'cli-progress'
import { formatBytes } from './xml-reader.ts'

/** A byte-based progress bar for big files on a terminal; nothing at all otherwise (tests, pipes, small files). */
export function fileProgress(enabled: boolean) {
  let bar: cliProgress.SingleBar | undefined
  return {
    update(read: number, total: number) {
      if (!enabled || total < 2 * 1024 * 1024) return
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: 'reading [{bar}] {percentage}% | {done} of {size}',
            hideCursor: true,
            stream: process.stderr,
            clearOnComplete: true,
          },
          cliProgress.Presets.shades_classic,
        )
        bar.start(total, 0, { done: formatBytes(0), size: formatBytes(total) })
      }
      bar.update(read, { done: formatBytes(read), size: formatBytes(total) })
    },
    stop() {
      bar?.stop()
    },
  }
}
