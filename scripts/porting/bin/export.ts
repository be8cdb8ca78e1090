/**
 * Writes every comment to a file: JSON (all fields this blog keeps, minus IP hashes) or WXR 1.2
 * (WordPress: Tools > Import > WordPress).
 *
 *   npm run export -- [--remote] [--format json|wxr] [--out FILE] [--persist-to DIR] [--site-url URL]
 */
import { parseArgs, runCli } from '../cli.ts'
import { describeTarget } from '../d1.ts'
import { ImportError } from '../errors.ts'
import { runExport } from '../export.ts'

await runCli(async () => {
  const { positional, flags } = parseArgs(process.argv.slice(2), {
    boolean: ['remote'],
    valued: ['format', 'out', 'persist-to', 'site-url', 'content-dir'],
  })
  if (positional.length)
    throw new ImportError(
      `unexpected argument ${JSON.stringify(positional[0])}; usage: npm run export -- [--remote] [--format json|wxr] [--out FILE]`,
    )
  const format = (flags.get('format') ?? 'json') as string
  if (format !== 'json' && format !== 'wxr') throw new ImportError('--format must be json or wxr')
  const out =
    (flags.get('out') as string | undefined) ??
    `comments-${new Date().toISOString().slice(0, 10)}.${format === 'wxr' ? 'xml' : 'json'}`
  const target = {
    remote: flags.has('remote'),
    persistTo: flags.get('persist-to') as string | undefined,
  }
  const count = await runExport({
    ...target,
    format,
    out,
    siteUrl: flags.get('site-url') as string | undefined,
    contentDir: flags.get('content-dir') as string | undefined,
  })
  console.log(`exported ${count} comment(s) from ${describeTarget(target)} -> ${out}`)
})
