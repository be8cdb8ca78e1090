import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { getConfig } from '../config'
import type { AppEnv } from '../env'
import { ErrorPage } from '../views/error-page'

/** API paths answer JSON; everything else answers an HTML page. */
export const wantsJson = (c: Context) => c.req.path === '/api' || c.req.path.startsWith('/api/')

export function errorResponse(c: Context<AppEnv>, status: ContentfulStatusCode, message: string) {
  c.header('Cache-Control', 'no-store')
  if (wantsJson(c)) return c.json({ error: message }, status)
  let siteUrl = ''
  try {
    siteUrl = getConfig(c.env).siteUrl
  } catch {
    // A broken SITE_URL must not turn an error page into a second error.
  }
  return c.html(
    <ErrorPage status={status} message={message} siteUrl={siteUrl} path={c.req.path} />,
    status,
  )
}

/** The one error path: intended errors keep their status and message; anything else is logged and hidden. */
export function onError(err: Error, c: Context<AppEnv>) {
  if (err instanceof HTTPException) {
    if (err.res) return err.res
    return errorResponse(
      c,
      err.status as ContentfulStatusCode,
      err.message || 'Request not accepted.',
    )
  }
  console.error(
    JSON.stringify({
      level: 'error',
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      error: err.name,
      message: err.message,
      stack: err.stack,
    }),
  )
  return errorResponse(
    c,
    500,
    `Something went wrong on our side. Nothing was changed. Reference: ${c.get('requestId')}`,
  )
}

export function notFound(c: Context<AppEnv>) {
  return errorResponse(c, 404, 'There is nothing at this address.')
}
