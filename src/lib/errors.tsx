import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { config } from '../config'
import type { AppEnv } from '../env'
import { ErrorPage } from '../views/error-page'
import { describeError, log } from './log'

/**
 * The one error channel. Routes never build an error response: they throw.
 * - `HTTPException` (Hono's) for a plain refusal: status and message.
 * - `RequestError` when the answer needs more: per-field messages, the input to give back (so a
 *   form comes back with every typed value), extra headers (Retry-After, WWW-Authenticate).
 * `errorHandler()` turns either into `{ error, fields }` JSON on API paths, or into the page: the
 * form page registered for that input (wired by the app), else the plain error page. Anything else
 * is a 500, logged with its cause and the request id, and shown only as a reference.
 */

export type FieldMessages = Record<string, string>

/** The site's 404 wording, for any address that names nothing. */
export const NOTHING_HERE = 'There is nothing at this address.'

export class RequestError extends HTTPException {
  readonly fields: FieldMessages
  /** What the client sent, for the page that shows the form again (HTML only; never echoed as JSON). */
  readonly input: unknown
  readonly headers: Record<string, string>

  constructor(
    status: ContentfulStatusCode,
    message: string,
    options: { fields?: FieldMessages; input?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(status, { message })
    this.fields = options.fields ?? {}
    this.input = options.input
    this.headers = options.headers ?? {}
  }
}

/** The one test for "answer this request with JSON": the JSON API lives under /api. */
export const isApiRequest = (c: Context) => c.req.path === '/api' || c.req.path.startsWith('/api/')

/** Renders the page that shows the form again for this error, or null when it is not that page's input. */
export type InputPage = (c: Context<AppEnv>, error: RequestError) => Promise<Response | null>

function errorPage(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  message: string,
  fields: FieldMessages = {},
) {
  c.header('Cache-Control', 'no-store')
  if (isApiRequest(c)) return c.json({ error: message, fields }, status)
  let siteUrl = ''
  try {
    siteUrl = config(c.env).siteUrl
  } catch {
    // A broken SITE_URL must not turn an error page into a second error.
  }
  return c.html(
    <ErrorPage status={status} message={message} siteUrl={siteUrl} path={c.req.path} />,
    status,
  )
}

/** The app's onError, with the pages that can show a refused form again (wired in src/index.ts). */
export function errorHandler(options: { inputPages?: InputPage[] } = {}): ErrorHandler<AppEnv> {
  return async (err, c) => {
    if (err instanceof HTTPException) {
      // Hono's own exceptions may carry a finished response (none of ours do).
      if (err.res) return err.res
      const status = err.status as ContentfulStatusCode
      const message = err.message || 'Request not accepted.'
      if (status >= 500)
        log(c, 'error', message, {
          status,
          path: c.req.path,
          cause: err.cause === undefined ? undefined : describeError(err.cause),
        })
      if (err instanceof RequestError) {
        for (const [name, value] of Object.entries(err.headers)) c.header(name, value)
        if (!isApiRequest(c) && err.input !== undefined) {
          for (const page of options.inputPages ?? []) {
            const res = await page(c, err)
            if (res) return res
          }
        }
        return errorPage(c, status, message, err.fields)
      }
      return errorPage(c, status, message)
    }
    log(c, 'error', 'unhandled error', {
      method: c.req.method,
      path: c.req.path,
      error: err.name,
      message: err.message,
      stack: err.stack,
    })
    return errorPage(
      c,
      500,
      `Something went wrong on our side. Nothing was changed. Reference: ${c.get('requestId')}`,
    )
  }
}

export function notFound(c: Context<AppEnv>) {
  return errorPage(c, 404, NOTHING_HERE)
}
