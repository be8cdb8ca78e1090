import { secureHeaders } from 'hono/secure-headers'
import { scripts, styles } from '../generated/content'

function cspDirectives() {
  const scriptHashes = Object.values(scripts).map((script) => script.hash)
  return {
    defaultSrc: ["'none'"],
    styleSrc: [styles.hash],
    scriptSrc: scriptHashes.length ? scriptHashes : ["'none'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
    manifestSrc: ["'self'"],
  }
}

/**
 * Security headers with a Content-Security-Policy the pages satisfy: the inline stylesheet
 * and the few progressive-enhancement scripts are allowed by their build-time hashes only.
 * A handler that sets one of these headers itself keeps its value (`overwrite: false`),
 * e.g. a share redirect's Referrer-Policy or the page from cspWith().
 */
export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: cspDirectives(),
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    overwrite: false,
  })

/** The site's CSP with some directives replaced, for the one response that needs it (set it with c.header). */
export function cspWith(
  overrides: Partial<Record<keyof ReturnType<typeof cspDirectives>, string[]>>,
): string {
  return Object.entries({ ...cspDirectives(), ...overrides })
    .map(
      ([name, values]) =>
        `${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)} ${values.join(' ')}`,
    )
    .join('; ')
}
