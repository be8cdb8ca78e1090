/**
 * The one "is this a developer's own machine over plain http?" check: cookies drop `Secure` and the
 * `__Host-` prefix there (a browser would never send them back over http), and a webhook may use
 * http there. Anything else is the internet and gets https-only treatment.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]'])

export function isLocalHttp(url: URL | string): boolean {
  const parsed = typeof url === 'string' ? new URL(url) : url
  return parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname)
}
