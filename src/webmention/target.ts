import { findEssay } from '../content/catalog'
import type { Essay } from '../content/types'
import { RequestError } from '../lib/errors'

/**
 * The edge of POST /webmention: `source` and `target` as the W3C Recommendation asks (§3.2.1), each
 * refusal a 400 naming the field and the reason. The target must be one of this site's essays, or a
 * comment anchor on one (`#comment-<id>`, which a reply then answers in the thread).
 */

export const MAX_URL_LENGTH = 2048

export interface Mention {
  source: string
  /** As sent, fragment included: that is what the source links to. */
  target: string
  essay: Essay
  /** `#comment-<id>` in the target: the comment this replies to. */
  parentId: string | null
}

const refuse = (field: 'source' | 'target', message: string) =>
  new RequestError(400, message, { fields: { [field]: message } })

function httpUrl(field: 'source' | 'target', value: unknown): URL {
  if (typeof value !== 'string' || value.trim() === '') throw refuse(field, `${field} is missing`)
  if (value.length > MAX_URL_LENGTH)
    throw refuse(field, `${field} is longer than ${MAX_URL_LENGTH} characters`)
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    throw refuse(field, `${field} is not an absolute URL`)
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw refuse(field, `${field} must be an http or https URL`)
  return url
}

const COMMENT_ANCHOR = /^#comment-([A-Za-z0-9_:.-]{1,128})$/

export function parseMention(fields: Record<string, unknown>, siteUrl: string): Mention {
  const source = httpUrl('source', fields.source)
  const target = httpUrl('target', fields.target)
  const site = new URL(siteUrl)
  const prefix = `${site.pathname === '/' ? '' : site.pathname}/essays/`
  if (target.origin !== site.origin || !target.pathname.startsWith(prefix))
    throw refuse('target', 'target is not an essay of this site')
  let slug: string
  try {
    slug = decodeURIComponent(target.pathname.slice(prefix.length)).normalize('NFC')
  } catch {
    throw refuse('target', 'target is not an essay of this site')
  }
  const essay = slug.includes('/') ? undefined : findEssay(slug)
  if (!essay) throw refuse('target', 'target is not an essay of this site')
  const anchor = target.hash ? COMMENT_ANCHOR.exec(target.hash) : null
  if (target.hash && !anchor)
    throw refuse('target', 'target points into the essay, not at a comment')
  const sourceKey = new URL(source.href)
  sourceKey.hash = ''
  const targetKey = new URL(target.href)
  targetKey.hash = ''
  if (sourceKey.href === targetKey.href)
    throw refuse('source', 'source and target are the same page')
  return { source: source.href, target: target.href, essay, parentId: anchor?.[1] ?? null }
}
