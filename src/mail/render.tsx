import { raw } from 'hono/html'
import { headerText } from '../lib/email-address'
import { siteLang } from '../views/i18n'
import { t } from '../views/i18n'
import type { OutgoingMail } from './mailer'

/**
 * One message as a plain-text part and a simple HTML part from the same blocks: inline styles only,
 * no colours forced (the reader's client picks light or dark; `color-scheme` says both are fine),
 * every reader-written text escaped by JSX. Headers: `Auto-Submitted: auto-generated` always, and
 * RFC 8058 one-click unsubscribe on every message sent to a subscriber.
 */

export type Block =
  | { kind: 'p'; text: string }
  | { kind: 'quote'; text: string }
  | { kind: 'link'; label: string; href: string }

export interface MailContent {
  to: string
  subject: string
  blocks: Block[]
  /** The https link for List-Unsubscribe and the visible footer link; null for the moderator's mail. */
  unsubscribeUrl: string | null
}

const FONT = 'font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.5'

function textPart(content: MailContent, siteName: string): string {
  const lines: string[] = []
  for (const block of content.blocks) {
    if (block.kind === 'p') lines.push(block.text, '')
    else if (block.kind === 'quote')
      lines.push(...block.text.split('\n').map((line) => `> ${line}`), '')
    else lines.push(`${block.label}: ${block.href}`, '')
  }
  lines.push('-- ', t().mailWhy({ site: siteName }))
  if (content.unsubscribeUrl) lines.push(`${t().mailUnsubscribeLink}: ${content.unsubscribeUrl}`)
  return lines.join('\n') + '\n'
}

function HtmlPart(props: { content: MailContent; siteName: string }) {
  const { content } = props
  return (
    <html lang={siteLang()}>
      <head>
        <meta charset="utf-8" />
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <title>{content.subject}</title>
      </head>
      <body style={`margin:0;padding:16px;${FONT}`}>
        <div style="max-width:600px;margin:0 auto">
          {content.blocks.map((block) =>
            block.kind === 'p' ? (
              <p style="margin:0 0 12px">{block.text}</p>
            ) : block.kind === 'quote' ? (
              <blockquote style="margin:0 0 12px;padding:4px 0 4px 12px;border-left:3px solid #888888;white-space:pre-wrap">
                {block.text}
              </blockquote>
            ) : (
              <p style="margin:0 0 12px">
                <a href={block.href} style="color:#2563eb;text-decoration:underline">
                  {block.label}
                </a>
              </p>
            ),
          )}
          <hr style="border:0;border-top:1px solid #888888;margin:20px 0" />
          <p style="margin:0;font-size:13px;opacity:0.8">
            {t().mailWhy({ site: props.siteName })}
            {content.unsubscribeUrl && (
              <>
                {' '}
                <a href={content.unsubscribeUrl} style="color:#2563eb">
                  {t().mailUnsubscribeLink}
                </a>
              </>
            )}
          </p>
        </div>
      </body>
    </html>
  )
}

export async function renderMail(
  content: MailContent,
  options: { siteName: string; messageId: string },
): Promise<OutgoingMail> {
  const headers: Record<string, string> = { 'Auto-Submitted': 'auto-generated' }
  if (content.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${content.unsubscribeUrl}>`
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click'
  }
  const html =
    raw('<!DOCTYPE html>') +
    String(await (<HtmlPart content={content} siteName={options.siteName} />).toString())
  return {
    to: content.to,
    // Reader text (a name, an essay title) reaches the Subject: one line, always.
    subject: headerText(content.subject, 200),
    text: textPart(content, options.siteName),
    html,
    headers,
    messageId: options.messageId,
  }
}
