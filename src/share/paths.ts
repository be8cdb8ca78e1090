/**
 * The one place share URLs are spelled (site-relative; `absoluteUrl(env, path)` in src/config.ts
 * makes them absolute). Essay URLs come from src/lib/urls.ts.
 */
import { slugSegment } from '../lib/urls'
import type { Network } from './networks'

/** The same-origin share link: counted, then redirected to the network's intent URL. */
export const sharePath = (slug: string, network: Network) =>
  `/share/${slugSegment(slug)}/${network}`

/** The Mastodon server picker, optionally with a server already named and/or UTM tagging. */
export function mastodonPickerPath(
  slug: string,
  options: { instance?: string; utm?: boolean } = {},
): string {
  const params = new URLSearchParams()
  if (options.instance !== undefined) params.set('instance', options.instance)
  if (options.utm) params.set('utm', '1')
  const query = params.toString()
  return `${sharePath(slug, 'mastodon')}${query ? `?${query}` : ''}`
}
