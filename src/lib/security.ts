import { secureHeaders } from 'hono/secure-headers'
import { scripts, styles } from '../generated/content'

/**
 * Security headers with a Content-Security-Policy the pages satisfy: the inline stylesheet
 * and the few progressive-enhancement scripts are allowed by their build-time hashes only.
 */
export const securityHeaders = () => {
  const scriptHashes = Object.values(scripts).map((script) => script.hash)
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'none'"],
      styleSrc: [styles.hash],
      scriptSrc: scriptHashes.length ? scriptHashes : ["'none'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      formAction: ["'self'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      manifestSrc: ["'self'"],
    },
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
  })
}
