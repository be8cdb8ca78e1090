/**
 * Re-renders stored comments after the renderer changed (src/lib/comment-markdown.ts RENDERER_VERSION).
 *
 *   npm run comments:rerender -- [--remote] [--persist-to DIR] [--batch-size N]
 */
import { parseArgs, runCli } from '../../porting/cli.ts'
import { describeTarget } from '../../porting/d1.ts'
import { ImportError } from '../../porting/errors.ts'
import { RENDERER_VERSION } from '../../../src/lib/comment-markdown.ts'
import { rerenderAll } from '../rerender.ts'

await runCli(async () => {
  const { positional, flags } = parseArgs(process.argv.slice(2), {
    boolean: ['remote'],
    valued: ['persist-to', 'batch-size'],
  })
  if (positional.length)
    throw new ImportError(
      `unexpected argument ${JSON.stringify(positional[0])}; usage: npm run comments:rerender -- [--remote] [--persist-to DIR] [--batch-size N]`,
    )
  const batchSize = Number(flags.get('batch-size') ?? 200)
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000)
    throw new ImportError('--batch-size must be a whole number from 1 to 1000')
  const target = {
    remote: flags.has('remote'),
    persistTo: flags.get('persist-to') as string | undefined,
  }
  console.error(
    `re-rendering comments in ${describeTarget(target)} (renderer v${RENDERER_VERSION})`,
  )
  const done = await rerenderAll(target, {
    batchSize,
    onProgress: (n, total) => console.error(`  ${n} of ${total} comment(s) rendered`),
  })
  console.log(`rendered ${done} comment(s) in ${describeTarget(target)}`)
})
