import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { utf8 } from '../lib/decode'
import type { AdminEnv } from './types'

/**
 * Reading the admin's request bodies (the gate has bounded their size). JSON is decoded strictly, like
 * the readers' API: bytes that are not UTF-8 are refused, never turned into U+FFFD and stored as an
 * edit the moderator did not type. What the body says is then checked by the route's schema.
 */

const JSON_TYPE = /^application\/json\b/i
const FORM_TYPE = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i

export async function jsonBody(c: Context<AdminEnv>): Promise<unknown> {
  if (!JSON_TYPE.test(c.req.header('Content-Type') ?? ''))
    throw new HTTPException(415, { message: 'Send the request body as application/json.' })
  const text = utf8(await c.req.arrayBuffer())
  if (text === null)
    throw new HTTPException(400, {
      message: 'The request body is not valid UTF-8 text, so nothing was changed.',
    })
  try {
    // A leading byte-order mark is tolerated, as in the readers' API.
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text)
  } catch {
    throw new HTTPException(400, { message: 'The request body is not valid JSON.' })
  }
}

export function isForm(c: Context<AdminEnv>): boolean {
  return FORM_TYPE.test(c.req.header('Content-Type') ?? '')
}

/** The dashboard's form fields (a repeated name, like the bulk checkboxes, as an array). */
export async function formBody(
  c: Context<AdminEnv>,
): Promise<Record<string, string | File | (string | File)[]>> {
  if (!isForm(c))
    throw new HTTPException(415, { message: 'Send the form as application/x-www-form-urlencoded.' })
  return c.req.parseBody({ all: true })
}
