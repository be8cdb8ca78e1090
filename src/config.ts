import type { Env } from './env'
import { log } from './lib/log'
import { checkAddress, headerText } from './lib/email-address'
import { isLocalHttp } from './lib/local'
import type { FetchPolicy } from './lib/safe-fetch'
import { trimEndChars } from './lib/text'

/**
 * The one config reader: every var and secret, read and validated once per isolate.
 *
 * Two kinds of value, two rules:
 * - vars (wrangler.toml [vars], documented there): a malformed one is a deploy error. `npm run deploy`
 *   runs this reader over wrangler.toml first (scripts/check-config.ts), and at runtime it throws
 *   `ConfigError` naming the var, so a bad value never silently means something else.
 * - secrets (`wrangler secret put`, declared in src/env.ts): missing or unusable turns its feature off,
 *   fail-closed (the admin answers 503, notifications are not sent), logged once, naming the secret.
 */

export const MODERATION_POLICIES = ['hold-all', 'hold-first', 'open'] as const
export type ModerationPolicy = (typeof MODERATION_POLICIES)[number]

/** Secrets shorter than this are treated as missing: too guessable to sign anything with. */
export const MIN_SECRET_LENGTH = 16

export interface CommentSettings {
  /** A second comment from the same reader (IP hash or email) within this many seconds gets 429; 0 disables. */
  floodSeconds: number
  /** Forms posted sooner than this after the page was served are treated as bots. */
  minFormSeconds: number
  /** This many links or more holds a comment for moderation; 0 disables. */
  maxLinks: number
  moderationWords: string[]
  blockWords: string[]
  policy: ModerationPolicy
  /** Both TURNSTILE_SITE_KEY and the TURNSTILE_SECRET secret, or off. */
  turnstile: { siteKey: string; secret: string } | null
  /** Minutes after posting during which the author may edit or delete a comment; 0 turns it off. */
  editWindowMinutes: number
}

export interface AccessSettings {
  /** https://<team>.cloudflareaccess.com, no trailing slash: the expected `iss` and the JWKS host. */
  issuer: string
  aud: string
}

export const MAIL_TRANSPORTS = ['email-service', 'http'] as const
export type MailTransport = (typeof MAIL_TRANSPORTS)[number]

export interface MailSettings {
  /** A plain address on a domain the transport may send from. */
  from: string
  /** The sender's display name ('' = the site title, filled in where mail is rendered). */
  fromName: string
  replyTo: string | null
  /** Held comments are mailed here too, with the one-click links. */
  moderatorEmail: string | null
  /** At most one email per essay per subscriber per this many minutes. */
  batchMinutes: number
  transport: MailTransport
  /** transport "http": where the JSON is POSTed (https) and the bearer token (secret MAIL_API_TOKEN). */
  api: { url: string; token: string } | null
  /** Keep message bodies in the outbox: only on a developer's machine (SITE_URL http://localhost). */
  keepBodies: boolean
}

export interface Config {
  /** Origin (and optional path) without a trailing slash, e.g. "https://blog.example.com". */
  siteUrl: string
  /** HMAC key for every signed or hashed value; null turns off what needs it (fail-closed). */
  secretKey: string | null
  comments: CommentSettings
  admin: {
    /** The moderators' bearer token, or null. */
    token: string | null
    access: AccessSettings | null
  }
  /** Held-comment webhook (https, or http to this machine), or null. */
  webhookUrl: string | null
  /** What `safeFetch` (lib/safe-fetch.ts) may reach: loopback and http only on a developer's machine. */
  remoteFetch: FetchPolicy
  /** Webmention and Bluesky responses (src/webmention, src/bluesky). */
  openWeb: {
    /** WEBMENTION_SEND: send Webmentions for essays' links after a deploy. */
    sendWebmentions: boolean
    /** BLUESKY_POLL_MINUTES: minutes between reads of a Bluesky thread; 0 = off. */
    blueskyPollMinutes: number
  }
  /** Mail (src/mail): off (null) without MAIL_FROM, without SECRET_KEY, or without its transport's secret. */
  mail: MailSettings | null
  /** The blog's fediverse actor: on only with the FEDIVERSE_PRIVATE_KEY secret (fail closed). */
  fediverse: FediverseSettings | null
}

export interface FediverseSettings {
  /** The account name in `acct:<handle>@<host>` (FEDIVERSE_HANDLE, default from SITE_URL's host). */
  handle: string
  /** The actor's RSA private key, PKCS#8 PEM. */
  privateKeyPem: string
}

/** A var in wrangler.toml has a value the worker cannot use. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable} ${message}`)
    this.name = 'ConfigError'
  }
}

const cache = new WeakMap<object, Config>()

/** The config for this env, read once per isolate (env objects are stable per isolate). */
export function config(env: Env): Config {
  let found = cache.get(env)
  if (!found) {
    found = readConfig(env)
    cache.set(env, found)
  }
  return found
}

/** Reads and validates everything; throws ConfigError on a bad var. Exported for the deploy check. */
export function readConfig(env: Partial<Record<keyof Env, unknown>>): Config {
  const text = (name: keyof Env) => {
    const value = env[name]
    return typeof value === 'string' ? value.trim() : undefined
  }
  const siteKey = text('TURNSTILE_SITE_KEY')
  const turnstileSecret = secret('TURNSTILE_SECRET', text('TURNSTILE_SECRET'), 1)
  return {
    siteUrl: parseSiteUrl(text('SITE_URL')),
    secretKey: secret('SECRET_KEY', text('SECRET_KEY')),
    comments: {
      floodSeconds: wholeNumber('FLOOD_SECONDS', text('FLOOD_SECONDS'), 15),
      minFormSeconds: wholeNumber('MIN_FORM_SECONDS', text('MIN_FORM_SECONDS'), 2),
      maxLinks: wholeNumber('MAX_LINKS', text('MAX_LINKS'), 2),
      moderationWords: wordList(text('MODERATION_WORDS')),
      blockWords: wordList(text('BLOCK_WORDS')),
      policy: moderationPolicy(text('MODERATION_POLICY')),
      turnstile: siteKey && turnstileSecret ? { siteKey, secret: turnstileSecret } : null,
      editWindowMinutes: wholeNumber('EDIT_WINDOW_MINUTES', text('EDIT_WINDOW_MINUTES'), 15),
    },
    admin: {
      token: secret('ADMIN_TOKEN', text('ADMIN_TOKEN')),
      access: accessSettings(text('ACCESS_TEAM_DOMAIN'), text('ACCESS_AUD')),
    },
    webhookUrl: parseWebhookUrl(text('NOTIFY_WEBHOOK_URL')),
    remoteFetch: remoteFetchPolicy(text('SITE_URL'), text('FETCH_ALLOW_HOSTS')),
    openWeb: {
      sendWebmentions: flag('WEBMENTION_SEND', text('WEBMENTION_SEND')),
      blueskyPollMinutes: wholeNumber('BLUESKY_POLL_MINUTES', text('BLUESKY_POLL_MINUTES'), 15),
    },
    mail: mailSettings(text, secret('SECRET_KEY', text('SECRET_KEY')) !== null),
    fediverse: fediverseSettings(
      text('SITE_URL'),
      text('FEDIVERSE_HANDLE'),
      text('FEDIVERSE_PRIVATE_KEY'),
    ),
  }
}

const HANDLE = /^[a-z0-9_]{1,30}$/

/**
 * FEDIVERSE_HANDLE is a var (a bad one is a deploy error); the key is a secret, so without it the
 * federation is off. The handle's default is the first label of SITE_URL's host ("blog" for
 * blog.example.com), which is what a reader would guess.
 */
function fediverseSettings(
  siteUrl: string | undefined,
  handle: string | undefined,
  privateKeyPem: string | undefined,
): FediverseSettings | null {
  let name = handle?.toLowerCase()
  if (name && !HANDLE.test(name)) {
    throw new ConfigError(
      'FEDIVERSE_HANDLE',
      `must be 1-30 letters, digits or underscores, got ${JSON.stringify(handle)}`,
    )
  }
  if (!name) {
    let label = ''
    try {
      label = new URL(siteUrl ?? '').hostname.split('.')[0] ?? ''
    } catch {
      // parseSiteUrl reports a bad SITE_URL.
    }
    name = label.replace(/[^a-z0-9_]/g, '_').slice(0, 30) || 'blog'
  }
  const pem = privateKeyPem?.replace(/\\n/g, '\n')
  if (!pem) return null
  if (!pem.includes('-----BEGIN PRIVATE KEY-----')) {
    log(null, 'error', 'FEDIVERSE_PRIVATE_KEY is not a PKCS#8 PEM key; the fediverse stays off')
    return null
  }
  return { handle: name, privateKeyPem: pem }
}

/** A plain address var: empty is null, anything else must be one mailbox (ConfigError names the var). */
function addressVar(name: string, raw: string | undefined): string | null {
  if (!raw) return null
  const checked = checkAddress(raw)
  if (!checked.ok)
    throw new ConfigError(
      name,
      `must be a plain address like "blog@example.com" (${checked.problem})`,
    )
  return checked.address
}

function mailSettings(
  text: (name: keyof Env) => string | undefined,
  hasSecretKey: boolean,
): MailSettings | null {
  const from = addressVar('MAIL_FROM', text('MAIL_FROM'))
  const replyTo = addressVar('MAIL_REPLY_TO', text('MAIL_REPLY_TO'))
  const moderatorEmail = addressVar('MODERATOR_EMAIL', text('MODERATOR_EMAIL'))
  const fromName = text('MAIL_FROM_NAME') ?? ''
  if (headerText(fromName) !== fromName)
    throw new ConfigError('MAIL_FROM_NAME', 'must be one line of at most 200 characters')
  const batchMinutes = wholeNumber('MAIL_BATCH_MINUTES', text('MAIL_BATCH_MINUTES'), 30)
  const rawTransport = text('MAIL_TRANSPORT') || 'email-service'
  if (!(MAIL_TRANSPORTS as readonly string[]).includes(rawTransport))
    throw new ConfigError(
      'MAIL_TRANSPORT',
      `must be one of ${MAIL_TRANSPORTS.join(', ')}, got ${JSON.stringify(rawTransport)}`,
    )
  const transport = rawTransport as MailTransport
  const apiUrl = text('MAIL_API_URL') || null
  if (apiUrl) {
    let ok = false
    try {
      const url = new URL(apiUrl)
      ok = url.protocol === 'https:' || isLocalHttp(url)
    } catch {
      // reported below
    }
    if (!ok) throw new ConfigError('MAIL_API_URL', 'must be an https URL')
  }
  if (!from) return null
  if (!hasSecretKey) {
    log(null, 'error', 'SECRET_KEY missing: mail (confirmation and unsubscribe links) stays off')
    return null
  }
  let api: MailSettings['api'] = null
  if (transport === 'http') {
    const token = secret('MAIL_API_TOKEN', text('MAIL_API_TOKEN'), 1)
    if (!apiUrl || !token) {
      log(
        null,
        'error',
        'MAIL_TRANSPORT "http" needs MAIL_API_URL and the MAIL_API_TOKEN secret; mail stays off',
      )
      return null
    }
    api = { url: apiUrl, token }
  }
  let keepBodies = false
  try {
    keepBodies = isLocalHttp(text('SITE_URL') ?? '')
  } catch {
    // parseSiteUrl reports a bad SITE_URL.
  }
  return { from, fromName, replyTo, moderatorEmail, batchMinutes, transport, api, keepBodies }
}

/** FETCH_ALLOW_HOSTS: comma-separated host names a test's local fakes answer on (never needed in production). */
function remoteFetchPolicy(
  siteUrl: string | undefined,
  allowHosts: string | undefined,
): FetchPolicy {
  const hosts = (allowHosts ?? '')
    .split(',')
    .map((host) => host.trim().toLowerCase())
    .filter(Boolean)
  for (const host of hosts) {
    if (host.includes('/') || host.includes(':') || host.includes('*')) {
      throw new ConfigError('FETCH_ALLOW_HOSTS', `must be plain host names, not "${host}"`)
    }
  }
  let local = false
  try {
    local = isLocalHttp(siteUrl ?? '')
  } catch {
    // parseSiteUrl reports a bad SITE_URL.
  }
  return { local, allowHosts: new Set(hosts) }
}

/** Absolute URL for a site path ("/essays/x" -> "https://blog.example.com/essays/x"). */
export function absoluteUrl(env: Env, path: string): string {
  return config(env).siteUrl + path
}

function parseSiteUrl(value: string | undefined): string {
  let url: URL
  try {
    url = new URL(value ?? '')
  } catch {
    throw new ConfigError(
      'SITE_URL',
      `must be an absolute http(s) URL, got ${JSON.stringify(value)}`,
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError('SITE_URL', 'must use http or https')
  }
  return url.origin + trimEndChars(url.pathname, '/')
}

function wholeNumber(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigError(name, `must be a whole number >= 0, got ${JSON.stringify(raw)}`)
  }
  return value
}

function flag(name: string, raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'false') return false
  if (raw === 'true') return true
  throw new ConfigError(name, `must be "true" or "false", got ${JSON.stringify(raw)}`)
}

/** Comma- or newline-separated, case-insensitive; blanks dropped. */
export function wordList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(/[,\n]/)
    .map((word) => word.trim().toLowerCase())
    .filter(Boolean)
}

function moderationPolicy(raw: string | undefined): ModerationPolicy {
  if (raw === undefined || raw === '') return 'hold-all'
  if ((MODERATION_POLICIES as readonly string[]).includes(raw)) return raw as ModerationPolicy
  throw new ConfigError(
    'MODERATION_POLICY',
    `must be one of ${MODERATION_POLICIES.join(', ')}, got ${JSON.stringify(raw)}`,
  )
}

function secret(
  name: string,
  value: string | undefined,
  minLength = MIN_SECRET_LENGTH,
): string | null {
  if (!value) return null
  if (value.length < minLength) {
    log(null, 'error', `${name} is shorter than ${minLength} characters; what needs it stays off`)
    return null
  }
  return value
}

const TEAM_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/

/**
 * The Access team as its settings show it ("team", "team.cloudflareaccess.com" or
 * "https://team.cloudflareaccess.com/") and the application's AUD tag; both or neither. Anything
 * else leaves Access off (logged), so a typo never points the JWKS fetch at another host.
 */
export function accessSettings(
  team: string | undefined,
  aud: string | undefined,
): AccessSettings | null {
  if (!team && !aud) return null
  const issuer = accessIssuer(team)
  if (!issuer || !aud) {
    log(
      null,
      'error',
      'ACCESS_TEAM_DOMAIN and ACCESS_AUD must both be set and valid; Cloudflare Access stays off',
    )
    return null
  }
  return { issuer, aud }
}

export function accessIssuer(teamDomain: string | undefined): string | null {
  if (!teamDomain) return null
  let host = trimEndChars(teamDomain.toLowerCase().replace(/^https:\/\//, ''), '/')
  if (host.endsWith('.cloudflareaccess.com')) host = host.slice(0, -'.cloudflareaccess.com'.length)
  return TEAM_LABEL.test(host) ? `https://${host}.cloudflareaccess.com` : null
}

/** Only https (or http to this machine, for local testing): a typo must not send one-click links over plain http. */
function parseWebhookUrl(raw: string | undefined): string | null {
  if (!raw) return null
  try {
    const url = new URL(raw)
    if (url.protocol === 'https:' || isLocalHttp(url)) return url.href
  } catch {
    // reported below
  }
  log(null, 'error', 'NOTIFY_WEBHOOK_URL is not an https URL; notifications are off')
  return null
}
