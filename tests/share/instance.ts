import * as v from 'valibot'
import { mastodonInstance } from '../../src/share/mastodon'

export type InstanceCheck = { ok: true; host: string } | { ok: false; message: string }

/** The `?instance=` schema's verdict on one value: the host it redirects to, or the message shown. */
export function validateInstance(raw: string): InstanceCheck {
  const result = v.safeParse(mastodonInstance, raw)
  return result.success
    ? { ok: true, host: result.output }
    : { ok: false, message: result.issues[0].message }
}
