import { env } from 'cloudflare:test'
import { afterAll, describe, expect, it } from 'vitest'
import { oneClickLinks } from '../../src/admin/notify'
import { essays, site } from '../../src/generated/content'
import { useLocaleForTests } from '../../src/views/i18n'
import { de } from '../../src/views/locales/de'
import { el } from '../../src/views/locales/el'
import type { Messages } from '../../src/views/locales/en'
import { addComment, api, signIn } from '../admin/fixtures'
import { uniq } from '../comments/helpers'
import { decodeEntities, get, SEED_SLUG, SITE, visibleText } from '../helpers/http'
import { englishIn, englishOnly } from './locale-text'

/**
 * The pages readers do not usually see, in a German and a Greek build: the Mastodon picker (empty
 * and refusing a value), the admin sign-in (and its refusal), the moderation dashboard with every
 * status tab and the audit panel, and the one-click pages (confirm, done, 409, 410, 403). The
 * reader's pages are walked in locales-walk.test.ts.
 */

/** Visible text, plus what is read aloud or shown on hover: aria-labels, titles, placeholders. */
function interfaceText(html: string): string {
  const body = html.slice(html.indexOf('<body'))
  const attributes = [...body.matchAll(/(?:aria-label|title|placeholder)="([^"]*)"/g)].map((m) =>
    decodeEntities(m[1]!),
  )
  const title = html.match(/<title>([^<]*)<\/title>/)?.[1] ?? ''
  return [decodeEntities(title), visibleText(html), ...attributes].join('\n')
}

/** The author's and the commenters' words are content; "admin token" is the actor's name. */
function withoutContent(text: string, extra: string[]): string {
  const essay = essays.find((e) => e.slug === SEED_SLUG)!
  const content = [site.title, site.description, site.copyright, site.author, essay.title]
  // "JSON Feed" is the format's name.
  content.push(...essay.tags, 'admin token', 'one-click link', 'Cloudflare Access', 'JSON Feed')
  content.push(...extra)
  let out = text
  for (const part of content) out = out.split(part).join(' ')
  return out
}

afterAll(() => useLocaleForTests(site.lang))

const LANGUAGES: Array<[string, Messages]> = [
  ['de', de],
  ['el', el],
]

describe.each(LANGUAGES)('the other pages in %s', (lang, table) => {
  const english = englishOnly(table)

  async function page(path: string, init: RequestInit = {}, status = 200, content: string[] = []) {
    useLocaleForTests(lang)
    const res = await get(path, init)
    expect(res.status, path).toBe(status)
    const html = await res.text()
    expect(html, path).toContain(`<html lang="${lang}"`)
    expect(englishIn(withoutContent(interfaceText(html), content), english), path).toEqual([])
    return html
  }

  it('has the admin and picker text to look for', () => {
    for (const needle of ['Sign in to moderate', 'Audit log', 'Your Mastodon server'])
      expect(english).toContain(needle)
  })

  it('shows the Mastodon picker, empty and refusing a server name, in the language', async () => {
    const picker = `/share/${SEED_SLUG}/mastodon`
    const empty = await page(picker)
    expect(empty).toContain(table.mastodonServerLabel)
    for (const [value, message] of [
      ['https://mastodon.social', table.instanceNotHost],
      ['localhost', table.instanceNoDot],
      ['a..b', table.instanceBadLabel({ max: '63' })],
      ['127.0.0.1', table.instanceIp],
    ] as const) {
      const html = await page(`${picker}?instance=${encodeURIComponent(value)}`, {}, 400)
      expect(visibleText(html), value).toContain(table.instanceProblem({ problem: message }))
    }
  })

  it('shows the sign-in page and its refusal in the language', async () => {
    const login = await page('/admin/login')
    expect(login).toContain(table.signInHeading)
    const refused = await page(
      '/admin/login',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: SITE },
        body: new URLSearchParams({ token: 'not-the-token', next: '/admin' }),
      },
      401,
    )
    expect(visibleText(refused)).toContain(table.tokenWrong)
  })

  it('shows the dashboard, every status tab and the audit panel in the language', async () => {
    const tag = uniq('λέξη')
    const names = [`Λέων ${tag}`, `Ἑρμῆς ${tag}`, `Ζωή ${tag}`]
    const parent = await addComment({
      authorName: names[0],
      body: `Κείμενο ${tag}`,
      status: 'approved',
    })
    await addComment({
      authorName: names[1],
      body: `Απάντηση ${tag}`,
      parentId: parent.id,
      spamSignals: JSON.stringify({ links: 3, words: ['casino'], flood: true, policy: 'hold' }),
    })
    const spam = await addComment({ authorName: names[2], body: `Ανεπιθύμητο ${tag}` })
    expect((await api(`/comments/${spam.id}/spam`, { method: 'POST' })).status).toBe(200)
    const { cookie } = await signIn()
    const content = [...names, tag, 'casino', 'hold', 'TestBrowser/1.0']
    for (const status of ['pending', 'approved', 'spam', 'trash', 'all']) {
      const html = await page(
        `/admin?status=${status}&q=${encodeURIComponent(tag)}`,
        { headers: { Cookie: cookie } },
        200,
        content,
      )
      expect(html).toContain(table.auditHeading)
      if (status === 'pending') {
        expect(visibleText(html)).toContain(table.signalFlood)
        expect(visibleText(html)).toContain(table.inReplyTo)
      }
      if (status === 'trash') expect(visibleText(html)).toContain(table.nothingInQueue)
    }
  })

  it('shows the one-click pages (confirm, done, already used, decided since, invalid) in the language', async () => {
    const tag = uniq('κλικ')
    const name = `Ἀθηνᾶ ${tag}`
    const comment = await addComment({ authorName: name, body: `Λόγος ${tag}` })
    const links = await oneClickLinks(env, env.SECRET_KEY!, comment.id)
    const path = (link: string) => link.slice(SITE.length)
    const post = { method: 'POST', headers: { Origin: SITE } }
    const confirm = await page(path(links.approve), {}, 200, [name, tag])
    expect(visibleText(confirm)).toContain(table.oneClickConfirm({ action: table.oneClickApprove }))
    const done = await page(path(links.approve), post, 200, [name, tag])
    expect(visibleText(done)).toContain(table.oneClickDone({ done: table.oneClickApproved }))
    await page(path(links.approve), {}, 410, [name, tag])
    // Another comment a moderator decided on after its notification went out: 409, said in words.
    const decided = await addComment({ authorName: name, body: `Λόγος ${tag}` })
    const later = await oneClickLinks(env, env.SECRET_KEY!, decided.id)
    expect((await api(`/comments/${decided.id}/spam`, { method: 'POST' })).status).toBe(200)
    const since = await page(path(later.approve), {}, 409, [name, tag])
    expect(visibleText(since)).toContain(table.becameSpam)
    await page('/moderate/not-a-token', {}, 403)
  })
})
