/**
 * Imports the comments of a Disqus export into D1, matching each thread to an essay by its URL
 * (/essays/<slug>, an old WordPress permalink from content/redirects.json, or a trailing slug).
 *
 *   npm run import:disqus -- disqus-export.xml [--remote] [--dry-run] [--persist-to DIR] [--max-size MB]
 */
import { megabytes, parseArgs, runCli } from '../cli.ts'
import { runDisqusImport } from '../disqus.ts'
import { ImportError } from '../errors.ts'
import { formatSummary } from '../summary.ts'

await runCli(async () => {
  const { positional, flags } = parseArgs(process.argv.slice(2), {
    boolean: ['remote', 'dry-run'],
    valued: ['persist-to', 'max-size', 'content-dir'],
  })
  const file = positional[0]
  if (!file || positional.length > 1)
    throw new ImportError(
      'usage: npm run import:disqus -- <disqus-export.xml> [--remote] [--dry-run]',
    )
  const summary = await runDisqusImport({
    file,
    remote: flags.has('remote'),
    dryRun: flags.has('dry-run'),
    persistTo: flags.get('persist-to') as string | undefined,
    contentDir: flags.get('content-dir') as string | undefined,
    maxBytes: megabytes(flags.get('max-size')),
    progress: process.stderr.isTTY,
    log: (line) => console.log(line),
  })
  console.log(formatSummary(`Disqus import of ${file}`, summary))
})
