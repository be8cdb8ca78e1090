import { WranglerError } from './d1.ts'
import { ImportError } from './errors.ts'

export interface ParsedArgs {
  positional: string[]
  flags: Map<string, string | true>
}

/** `--flag`, `--flag value`, `--flag=value`; only the names in `valued` take a value. Unknown flags are an error. */
export function parseArgs(
  argv: string[],
  known: { boolean: string[]; valued: string[] },
): ParsedArgs {
  const positional: string[] = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith('--')) {
      positional.push(arg)
      continue
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s) as [string, string | undefined]
    if (known.boolean.includes(name)) flags.set(name, true)
    else if (known.valued.includes(name)) {
      const value = inline ?? argv[++i]
      if (value === undefined) throw new ImportError(`--${name} needs a value`)
      flags.set(name, value)
    } else
      throw new ImportError(
        `unknown option --${name} (options: ${[...known.boolean, ...known.valued].map((f) => `--${f}`).join(', ')})`,
      )
  }
  return { positional, flags }
}

export function megabytes(value: string | true | undefined): number | undefined {
  if (value === undefined) return undefined
  const mb = Number(value)
  if (value === true || !Number.isFinite(mb) || mb <= 0)
    throw new ImportError(`--max-size must be a size in MB, got ${JSON.stringify(value)}`)
  return Math.floor(mb * 1024 * 1024)
}

/** Runs a CLI body: input problems and wrangler failures print one clear message and exit 1; bugs keep their stack. */
export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main()
  } catch (error) {
    if (error instanceof ImportError || error instanceof WranglerError) {
      console.error(`error: ${error.message}`)
      console.error('Nothing was imported.')
      process.exit(1)
    }
    console.error(error)
    process.exit(1)
  }
}
