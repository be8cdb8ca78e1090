/**
 * Imports a WordPress export (Tools > Export > All content) into this blog:
 * posts and pages -> content/<slug>.md, comments -> D1, old permalinks -> content/redirects.json.
 *
 *   npm run import:wordpress -- export.xml [--remote] [--dry-run] [--force] [--persist-to DIR] [--max-size MB]
 */
import { parseArgs, megabytes, runCli } from '../cli.ts'
import { ImportError } from '../errors.ts'
import { formatSummary } from '../summary.ts'
import { runWordpressImport } from '../wordpress.ts'

await runCli(async () => {
  const { positional, flags } = parseArgs(process.argv.slice(2), {
    boolean: ['remote', 'dry-run', 'force'],
    valued: ['persist-to', 'max-size', 'content-dir'],
  })
  const file = positional[0]
  if (!file || positional.length > 1)
    throw new ImportError(
      'usage: npm run import:wordpress -- <export.xml> [--remote] [--dry-run] [--force]',
    )
  const summary = await runWordpressImport({
    file,
    remote: flags.has('remote'),
    dryRun: flags.has('dry-run'),
    force: flags.has('force'),
    persistTo: flags.get('persist-to') as string | undefined,
    contentDir: flags.get('content-dir') as string | undefined,
    maxBytes: megabytes(flags.get('max-size')),
    progress: process.stderr.isTTY,
    log: (line) => console.log(line),
  })
  console.log(formatSummary(`WordPress import of ${file}`, summary))
  if (!summary.dryRun)
    console.log(
      '\nNext: `npm run build` (or `npm start`) to see the essays; commit content/ to keep them.',
    )
})
