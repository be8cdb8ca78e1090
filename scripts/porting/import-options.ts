/** What both importers (WordPress, Disqus) take, and the commenter-IP hasher built from it. */
import { root, type BatchOptions } from './d1.ts'
import { loadSecret, nodeKeyedHash } from './ids.ts'

export interface ImportOptions extends BatchOptions {
  file: string
  /** Where essays go; default content/. */
  contentDir?: string
  /** Default content/redirects.json. */
  redirectsFile?: string
  remote?: boolean
  persistTo?: string
  dryRun?: boolean
  force?: boolean
  maxBytes?: number
  /** Overrides SECRET_KEY / .dev.vars (tests). null: no secret, so IPs are not stored. */
  secret?: string | null
  progress?: boolean
  /** Told the bytes read so far as the file is read (what the bar shows). */
  onProgress?: (read: number, total: number) => void
  migrate?: boolean
  log?: (line: string) => void
}

/**
 * IPs are stored only as SECRET_KEY's keyed hash, the one the worker computes. With no secret the
 * hasher answers null (the IP is left out) and adds one warning the first time it is asked.
 */
export function ipHasher(
  options: { secret?: string | null; remote?: boolean; log?: (line: string) => void },
  warnings: string[],
): (ip: string) => string | null {
  const { secret, from } =
    options.secret !== undefined
      ? { secret: options.secret, from: 'the caller' }
      : loadSecret(root, { devVars: !options.remote })
  if (!secret) {
    let warned = false
    return () => {
      if (!warned)
        warnings.push(
          `no SECRET_KEY (${options.remote ? 'set it to the deployed key for --remote' : 'environment or .dev.vars'}): commenters' IP addresses were not imported (the raw IP is never stored)`,
        )
      warned = true
      return null
    }
  }
  options.log?.(`IP addresses are hashed with SECRET_KEY from ${from}`)
  return (ip) => nodeKeyedHash(secret, 'ip', ip)
}
