import { Hono, type MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { absoluteUrl, config } from '../config'
import type { AppEnv } from '../env'
import { collectFields, parseUrlEncoded, utf8 } from '../lib/decode'
import { RequestError } from '../lib/errors'
import { log } from '../lib/log'
import { webmentionPath } from '../lib/urls'
import type { WebmentionMessage } from './messages'
import { StatusPage } from './status-page'
import { findReceived, recordReceived } from './store'
import { parseMention } from './target'

/**
 * Receiving Webmentions (W3C Recommendation, §3.2): POST /webmention with `source` and `target`
 * as a form. A valid one is recorded and queued; the answer is 202 with the status page in
 * Location, and the source is fetched and verified later, by the queue consumer (./verify.ts).
 */

export const WEBMENTION_PATH = webmentionPath
export const statusPath = (id: string) => `${WEBMENTION_PATH}/status/${encodeURIComponent(id)}`

/** Two URLs of at most 2 KiB each, encoded: anything much larger is not a Webmention. */
const MAX_BODY = 16 * 1024

const STATUS_ID = /^[A-Za-z0-9_-]{16,64}$/

export const webmentionRoutes = new Hono<AppEnv>()
  .post(
    WEBMENTION_PATH,
    bodyLimit({
      maxSize: MAX_BODY,
      onError: () => {
        throw new RequestError(413, 'A Webmention is two URLs; this request is too large.')
      },
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
      if (type !== 'application/x-www-form-urlencoded')
        throw new RequestError(415, 'Send source and target as application/x-www-form-urlencoded.')
      const text = utf8(await c.req.arrayBuffer())
      const pairs = text === null ? null : parseUrlEncoded(text)
      if (pairs === null) throw new RequestError(400, 'The form is not valid UTF-8.')
      const { fields, repeated } = collectFields(pairs)
      const twice = repeated.find((name) => name === 'source' || name === 'target')
      if (twice)
        throw new RequestError(400, `${twice} was sent more than once`, {
          fields: { [twice]: 'sent twice' },
        })
      const mention = parseMention(fields, config(c.env).siteUrl)
      const id = await recordReceived(
        c.env.DB,
        { source: mention.source, target: mention.target, essaySlug: mention.essay.slug },
        Date.now(),
      )
      await c.env.WEBMENTION_QUEUE.send({ type: 'verify', id } satisfies WebmentionMessage)
      log(c, 'info', 'webmention received', { id, essay: mention.essay.slug })
      const location = absoluteUrl(c.env, statusPath(id))
      c.header('Location', location)
      c.header('Cache-Control', 'no-store')
      return c.text(`Accepted: it will be verified shortly. Status: ${location}\n`, 202)
    },
  )
  .get(`${WEBMENTION_PATH}/status/:id`, async (c) => {
    const id = c.req.param('id')
    const row = STATUS_ID.test(id) ? await findReceived(c.env.DB, id) : null
    if (!row) throw new RequestError(404, 'There is no Webmention with this status address.')
    c.header('Cache-Control', 'no-store')
    return c.html(
      <StatusPage
        row={row}
        siteUrl={config(c.env).siteUrl}
        canonical={absoluteUrl(c.env, statusPath(id))}
      />,
    )
  })

/**
 * Essay pages advertise the endpoint in a `Link` header (the `<link rel="webmention">` in their
 * head is the essay page's own). Registered in src/index.ts for the essay paths.
 */
export function advertiseWebmention(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next()
    if (c.res.status < 400)
      c.res.headers.append('Link', `<${absoluteUrl(c.env, WEBMENTION_PATH)}>; rel="webmention"`)
  }
}
