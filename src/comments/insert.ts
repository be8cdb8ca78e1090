import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { RequestError } from '../lib/errors'
import { describeError, log } from '../lib/log'
import {
  explainRejection,
  insertComment,
  type NewComment,
  type Rejection,
  type Stored,
} from './write-sql'

/** What readers are told when the write path refuses a comment (the form shows it, the API sends it). */
export const MESSAGES = {
  duplicate: 'Duplicate comment detected; it looks as though you’ve already said that!',
  flood: 'You are posting comments too quickly. Slow down.',
  formUsed:
    'This form was already used to post a comment, so this one was not posted. Your text is still here, with a fresh form: please post it again.',
  storage:
    'Your comment could not be saved just now, so it was not posted. Your text is still here: please try again in a moment.',
} as const

/** Messages D1 gives for a failure worth one more try (per Cloudflare's D1 docs on retrying). */
const TRANSIENT_D1 = [
  'network connection lost',
  'storage caused object to be reset',
  'reset because its code was updated',
  'transient issue',
  'internal error',
  'overloaded',
  'timed out',
  'timeout',
]
export const isTransientD1Error = (error: unknown) =>
  TRANSIENT_D1.some((text) => String(error).toLowerCase().includes(text))

/** The storage refusal: 503, with what went wrong kept as its cause for the log. */
export function storageError(cause?: unknown): RequestError {
  const error = new RequestError(503, MESSAGES.storage)
  if (cause !== undefined) error.cause = cause
  return error
}

/**
 * The insert, and when it stores nothing, why (a refusal is thrown as a RequestError). The row's id
 * is fixed before the first attempt, so a second attempt after a transient D1 error or an empty
 * answer no rule explains cannot store it twice (ON CONFLICT keeps it single), and a row that was
 * stored although its answer was lost is found by its id. Only what still has no explanation after
 * that is a 503, and it is logged.
 */
export async function storeOnce(
  c: Context<AppEnv>,
  db: D1DatabaseSession,
  row: NewComment,
  floodSeconds: number,
): Promise<{ stored: Stored; replay: boolean }> {
  let why: Rejection | null = null
  for (let attempt = 1; attempt <= 2; attempt++) {
    let inserted: Stored | null
    try {
      inserted = await insertComment(db, row, floodSeconds)
    } catch (error) {
      if (attempt === 2 || !isTransientD1Error(error)) throw error
      log(c, 'warn', 'comment insert failed transiently; trying once more', {
        error: describeError(error),
        commentId: row.id,
      })
      continue
    }
    if (inserted) return { stored: inserted, replay: false }
    why = await explainRejection(db, row, floodSeconds)
    if (why.kind !== 'unknown') break
    if (attempt === 1)
      log(c, 'warn', 'comment insert stored nothing and no rule explains it; trying once more', {
        commentId: row.id,
      })
  }
  if (!why) why = await explainRejection(db, row, floodSeconds)
  switch (why.kind) {
    case 'stored':
      return { stored: why.stored, replay: false }
    case 'replay':
      return { stored: why.stored, replay: true }
    case 'formUsed':
      throw new RequestError(422, MESSAGES.formUsed)
    case 'duplicate':
      throw new RequestError(409, MESSAGES.duplicate)
    case 'flood':
      throw new RequestError(429, MESSAGES.flood, {
        headers: { 'Retry-After': String(why.retryAfter) },
      })
    case 'unknown': {
      const cause =
        'INSERT ... RETURNING gave no row; no replay, used token, duplicate or flood found'
      log(c, 'error', 'comment insert stored nothing twice and no rule explains it', {
        cause,
        commentId: row.id,
      })
      throw storageError(cause)
    }
  }
}
