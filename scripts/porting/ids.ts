import { createHash, createHmac } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * The same keyed hash as src/lib/crypto.ts keyedHash(secret, purpose, data), in Node:
 * the purpose key is HMAC-SHA256(secret, purpose), the hash HMAC-SHA256(purposeKey, data), base64url.
 * Imported IPs must hash exactly like live ones, or flood and spam checks could not match them.
 */
export function nodeKeyedHash(secret: string, purpose: string, data: string): string {
  const purposeKey = createHmac('sha256', Buffer.from(secret, 'utf8'))
    .update(purpose, 'utf8')
    .digest()
  return createHmac('sha256', purposeKey).update(data, 'utf8').digest('base64url')
}

/** A comment id derived from its source key: re-runs produce the same id, and replies can name parents before insert. */
export function commentIdFor(source: string): string {
  return createHash('sha256').update(source, 'utf8').digest('base64url').slice(0, 22)
}

/** SECRET_KEY from the environment, or from .dev.vars (what `npm start` made) for local imports only. */
export function loadSecret(
  root: string,
  options: { devVars: boolean },
  env: NodeJS.ProcessEnv = process.env,
): { secret: string | null; from: string } {
  if (env.SECRET_KEY)
    return {
      secret: env.SECRET_KEY.length >= 16 ? env.SECRET_KEY : null,
      from: 'the SECRET_KEY environment variable',
    }
  const file = join(root, '.dev.vars')
  // The local key would make hashes the deployed blog can never match, so --remote needs SECRET_KEY set explicitly.
  if (options.devVars && existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split(/\r?\n/)) {
      const [name, ...rest] = line.split('=')
      if (rest.length > 0 && name!.trim() === 'SECRET_KEY') {
        const value = rest
          .join('=')
          .trim()
          .replace(/^(['"])(.*)\1$/, '$2')
        return { secret: value.length >= 16 ? value : null, from: '.dev.vars' }
      }
    }
  }
  return { secret: null, from: 'nowhere' }
}
