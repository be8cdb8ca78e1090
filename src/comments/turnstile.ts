import { cspWith } from '../lib/security'

export const SITEVERIFY_URL = 'https://challenges.cloudflare.com/turnstile/v0/siteverify'

/**
 * Server-side Turnstile check. Fails closed: no token, a network error or a non-success answer
 * all mean "not verified". `fetcher` is injectable for tests.
 */
export async function verifyTurnstile(
  secret: string,
  token: string | undefined,
  remoteIp: string | null,
  fetcher: typeof fetch = fetch,
): Promise<boolean> {
  if (!token || token.length > 2048) return false
  const form = new FormData()
  form.set('secret', secret)
  form.set('response', token)
  if (remoteIp) form.set('remoteip', remoteIp)
  try {
    const res = await fetcher(SITEVERIFY_URL, { method: 'POST', body: form })
    if (!res.ok) return false
    const outcome = (await res.json()) as { success?: unknown }
    return outcome.success === true
  } catch {
    return false
  }
}

export const TURNSTILE_ORIGIN = 'https://challenges.cloudflare.com'

/** The site's CSP plus Turnstile's script and iframe, for pages that show the widget only. */
export function turnstileCsp(scriptHashes: string[]): string {
  return `${cspWith({ scriptSrc: [...scriptHashes, TURNSTILE_ORIGIN] })}; frame-src ${TURNSTILE_ORIGIN}`
}
