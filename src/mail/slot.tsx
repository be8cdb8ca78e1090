import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { mailOn } from './settings'
import { SubscribeForm } from './subscribe-form'

/** What mail puts into an essay page (its one slot, under the comment form): the form, or nothing when mail is off. */
export function essaySubscribeSlot(c: Context<AppEnv>, slug: string) {
  const mail = mailOn(c.env)
  return mail ? <SubscribeForm slug={slug} batchMinutes={mail.batchMinutes} /> : null
}
