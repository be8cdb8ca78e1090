import type { Env } from '../env'
import type { MailSettings } from '../config'
import { config } from '../config'
import { safeFetch } from '../lib/safe-fetch'

/**
 * The one seam mail leaves through. A `Mailer` takes a rendered message and answers the provider's
 * message id, or throws (the queue consumer retries). Two adapters, chosen by MAIL_TRANSPORT:
 * Cloudflare Email Service through the `send_email` binding's structured `send()` (Miniflare
 * simulates it locally: it logs the message and answers an id, nothing leaves the machine), or an
 * HTTP mail API that takes the same fields as JSON. No SMTP, no hand-built MIME: both build it.
 */

export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
  /** List-Unsubscribe, List-Unsubscribe-Post, Auto-Submitted. */
  headers: Record<string, string>
  /** "<outbox id@site host>": the Message-ID where the transport lets us set one. */
  messageId: string
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<{ messageId: string }>
}

export class MailRefused extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'MailRefused'
  }
}

/** The Email Service adapter: Cloudflare generates Date, Message-ID and MIME; our headers are whitelisted ones. */
export function emailServiceMailer(
  binding: SendEmail,
  mail: MailSettings,
  siteName: string,
): Mailer {
  return {
    async send(out) {
      const result = await binding.send({
        from: { email: mail.from, name: mail.fromName || siteName },
        to: out.to,
        subject: out.subject,
        text: out.text,
        html: out.html,
        // Email Service sets Message-ID itself (setting it is refused: E_HEADER_NOT_ALLOWED); ours
        // rides along as an X- header, which it accepts, so a delivered message maps to its outbox row.
        headers: { ...out.headers, 'X-Entity-Ref-ID': out.messageId },
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
      })
      return { messageId: result.messageId }
    },
  }
}

/** The HTTP adapter: one JSON POST through the safe fetcher (https, 5 s, no private addresses). */
export function httpMailer(env: Env, mail: MailSettings, siteName: string): Mailer {
  const api = mail.api!
  return {
    async send(out) {
      const res = await safeFetch(api.url, config(env).remoteFetch, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${api.token}` },
        body: JSON.stringify({
          from: { email: mail.from, name: mail.fromName || siteName },
          to: out.to,
          subject: out.subject,
          text: out.text,
          html: out.html,
          headers: { ...out.headers, 'Message-ID': out.messageId },
          replyTo: mail.replyTo ?? undefined,
        }),
      })
      if (res.status < 200 || res.status >= 300)
        throw new MailRefused(`mail API answered ${res.status}`)
      let id = ''
      try {
        const data = JSON.parse(res.text()) as { id?: unknown; messageId?: unknown }
        id = String(data.messageId ?? data.id ?? '')
      } catch {
        // an id is nice to have, not required
      }
      return { messageId: id }
    },
  }
}

let override: Mailer | null = null
/** Tests only: replace the transport (e.g. one that fails) for the next sends. */
export function useMailerForTests(mailer: Mailer | null): void {
  override = mailer
}

export function mailerFor(env: Env, mail: MailSettings, siteName: string): Mailer {
  if (override) return override
  return mail.transport === 'http'
    ? httpMailer(env, mail, siteName)
    : emailServiceMailer(env.EMAIL, mail, siteName)
}
