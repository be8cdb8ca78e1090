import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import type { AppEnv } from '../env'
import { checkAddress, type AddressProblem } from '../lib/email-address'
import { randomId, requireSecret } from '../lib/crypto'
import { RequestError } from '../lib/errors'
import { RATE_LIMIT_RETRY_SECONDS, withinRateLimit } from '../lib/rate-limit'
import { essayParam } from '../lib/route-params'
import { essayPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'
import type { Messages } from '../views/locales/en'
import { what } from './compose'
import { readConfirmToken, readUnsubscribeToken, type LinkCheck } from './links'
import { mailPage } from './page'
import { enqueue } from './queue'
import { readerIpHash } from './requests'
import { mailOn } from './settings'
import { confirmSubscription, findSubscription, requestSubscription, unsubscribe } from './store'

/**
 * The reader's side of mail: the essay subscription form's POST, and the pages the links in every
 * message open. Confirm and unsubscribe links: a GET shows a button, only the POST acts (RFC 8058's
 * one-click POST included), a second click says it is already done. With mail off, all of this is 404.
 */

const PROBLEM: Record<AddressProblem, keyof Messages> = {
  empty: 'mailAddressEmpty',
  tooLong: 'mailAddressTooLong',
  lineBreak: 'mailAddressLineBreak',
  displayName: 'mailAddressDisplayName',
  comment: 'mailAddressComment',
  quoted: 'mailAddressQuoted',
  trailingDot: 'mailAddressTrailingDot',
  invalid: 'mailAddressInvalid',
}

const mailRequired = (c: Context<AppEnv>) => {
  const mail = mailOn(c.env)
  if (!mail) throw new HTTPException(404, { message: 'There is nothing at this address.' })
  return mail
}

// Forms here are one or two short fields; anything bigger is not ours.
const small = bodyLimit({
  maxSize: 8 * 1024,
  onError: () => {
    throw new HTTPException(413, { message: 'The form is too large.' })
  },
})

async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data')
    throw new HTTPException(415, { message: 'Send the form as a form.' })
  let body: Record<string, unknown>
  try {
    body = await c.req.parseBody()
  } catch {
    throw new HTTPException(400, { message: t().formUnreadable })
  }
  const fields: Record<string, string> = {}
  for (const [name, value] of Object.entries(body))
    if (typeof value === 'string') fields[name] = value
  return fields
}

function linkRefused(check: Extract<LinkCheck, { ok: false }>): never {
  const m = t()
  throw new HTTPException(check.expired ? 410 : 404, {
    message: check.expired ? m.mailLinkExpired : m.mailLinkInvalid,
  })
}

const gone = () => new HTTPException(404, { message: t().mailSubscriptionGone })

export const mailRoutes = new Hono<AppEnv>()
  .post('/essays/:slug/subscribe', small, essayParam(), async (c) => {
    mailRequired(c)
    const { essay } = c.req.valid('param')
    const m = t()
    const fields = await formFields(c)
    const checked = checkAddress(fields.email ?? '')
    if (!checked.ok) {
      const message = m[PROBLEM[checked.problem]] as string
      throw new RequestError(422, message, { fields: { email: message } })
    }
    const ipHash = await readerIpHash(c)
    if (ipHash && !(await withinRateLimit(c, 'MAIL_LIMITER', ipHash)))
      throw new RequestError(
        429,
        m.rateLimited({ seconds: formatNumber(RATE_LIMIT_RETRY_SECONDS) }),
        {
          headers: { 'Retry-After': String(RATE_LIMIT_RETRY_SECONDS) },
        },
      )
    const outcome = await requestSubscription(
      c.env.DB,
      { email: checked.address, kind: 'essay', essaySlug: essay.slug },
      ipHash,
    )
    if (outcome.send)
      await enqueue(c.env, [
        { kind: 'confirm', subscriptionId: outcome.subscriptionId, requestId: randomId() },
      ])
    // The same answer for a new address, a known one, a confirmed one and one over its limit.
    return mailPage(
      c,
      m.mailCheckInboxTitle,
      <>
        <p>{m.mailCheckInbox}</p>
        <p>
          <a href={essayPath(essay.slug)}>{m.mailBackToEssay}</a>
        </p>
      </>,
      202,
    )
  })
  .get('/mail/confirm/:token', async (c) => {
    mailRequired(c)
    const check = await readConfirmToken(requireSecret(c.env), c.req.param('token'))
    if (!check.ok) linkRefused(check)
    const sub = await findSubscription(c.env.DB, check.subscriptionId)
    if (!sub) throw gone()
    const m = t()
    if (sub.confirmedAt !== null)
      return mailPage(c, m.mailConfirmedTitle, <p>{m.mailConfirmed({ what: what(sub) })}</p>)
    return mailPage(
      c,
      m.mailConfirmTitle,
      <form method="post">
        <p>{m.mailConfirmAsk({ what: what(sub) })}</p>
        <button type="submit">{m.mailConfirmButton}</button>
      </form>,
    )
  })
  .post('/mail/confirm/:token', small, async (c) => {
    mailRequired(c)
    const check = await readConfirmToken(requireSecret(c.env), c.req.param('token'))
    if (!check.ok) linkRefused(check)
    const sub = await findSubscription(c.env.DB, check.subscriptionId)
    if (!sub || (await confirmSubscription(c.env.DB, sub.id)) === 'gone') throw gone()
    const m = t()
    return mailPage(c, m.mailConfirmedTitle, <p>{m.mailConfirmed({ what: what(sub) })}</p>)
  })
  .get('/mail/unsubscribe/:token', async (c) => {
    mailRequired(c)
    const check = await readUnsubscribeToken(requireSecret(c.env), c.req.param('token'))
    if (!check.ok) linkRefused(check)
    const m = t()
    const sub = await findSubscription(c.env.DB, check.subscriptionId)
    if (!sub) return mailPage(c, m.mailUnsubscribedTitle, <p>{m.mailUnsubscribed}</p>)
    return mailPage(
      c,
      m.mailUnsubscribeTitle,
      <form method="post">
        <p>{m.mailUnsubscribeAsk({ what: what(sub) })}</p>
        <p>
          <button type="submit" name="scope" value="this">
            {m.mailUnsubscribeThis}
          </button>{' '}
          <button type="submit" name="scope" value="all" class="secondary">
            {m.mailUnsubscribeAll}
          </button>
        </p>
      </form>,
    )
  })
  .post('/mail/unsubscribe/:token', small, async (c) => {
    mailRequired(c)
    const check = await readUnsubscribeToken(requireSecret(c.env), c.req.param('token'))
    if (!check.ok) linkRefused(check)
    const fields = await formFields(c)
    // RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" and means this list.
    const scope = fields.scope === 'all' ? 'all' : 'this'
    await unsubscribe(c.env.DB, check.subscriptionId, scope)
    const m = t()
    // Done already (a second click, a scanner's POST): the same answer, nothing more to do.
    return mailPage(
      c,
      m.mailUnsubscribedTitle,
      <p>{scope === 'all' ? m.mailUnsubscribedAll : m.mailUnsubscribed}</p>,
    )
  })
