import type { Env } from './env'
import { trimEndChars } from './lib/text'

export interface Config {
  /** Origin without a trailing slash, e.g. "https://blog.example.com". */
  siteUrl: string
}

const cache = new WeakMap<Env, Config>()

/** Reads and validates settings from env once per isolate; a bad value is a deploy error, so it throws. */
export function getConfig(env: Env): Config {
  let config = cache.get(env)
  if (!config) {
    config = { siteUrl: parseSiteUrl(env.SITE_URL) }
    cache.set(env, config)
  }
  return config
}

function parseSiteUrl(value: string | undefined): string {
  let url: URL
  try {
    url = new URL(value ?? '')
  } catch {
    throw new Error(`SITE_URL must be an absolute http(s) URL, got ${JSON.stringify(value)}`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error('SITE_URL must use http or https')
  return url.origin + trimEndChars(url.pathname, '/')
}

/** Absolute URL for a site path. */
export function absoluteUrl(env: Env, path: string): string {
  return getConfig(env).siteUrl + path
}
