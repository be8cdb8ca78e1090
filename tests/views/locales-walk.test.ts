import { afterAll, describe, expect, it } from 'vitest'
import { essays, site } from '../../src/generated/content'
import { purgeEssayPages } from '../../src/essays/page-cache'
import { formatDay } from '../../src/lib/dates'
import { useLocaleForTests } from '../../src/views/i18n'
import { de } from '../../src/views/locales/de'
import { el } from '../../src/views/locales/el'
import type { Messages } from '../../src/views/locales/en'
import { addComment } from '../admin/fixtures'
import { postForm } from '../comments/helpers'
import { decodeEntities, get, SEED_SLUG, SITE, visibleText } from '../helpers/http'
import { englishIn, englishOnly } from './locale-text'

/** What a reader sees and hears: the visible text plus aria-labels and the form's labels. */
function readerText(html: string): string {
  // The essay's own words (its prose and tags) are the author's, not the interface's.
  const prose = html.indexOf('<div class="prose e-content">')
  const page = prose < 0 ? html : html.slice(0, prose) + html.slice(html.indexOf('</article>'))
  return readerTextOf(page)
}

function readerTextOf(html: string): string {
  const body = html.slice(html.indexOf('<body'))
  // Also what is shown on hover or in an empty field: titles and placeholders.
  const labels = [...body.matchAll(/(?:aria-label|title|placeholder)="([^"]*)"/g)].map((m) =>
    decodeEntities(m[1]!),
  )
  return [visibleText(html), ...labels].join('\n')
}

/** The author's words (and the reader's comment) are content, not interface: left out. */
function withoutContent(text: string): string {
  const essay = essays.find((e) => e.slug === SEED_SLUG)!
  const content = [site.title, site.description, site.copyright, site.author]
  content.push(essay.title, essay.description, ...essay.tags)
  // "JSON Feed" is the format's name.
  content.push('JSON Feed')
  let out = text
  for (const part of content) out = out.split(part).join(' ')
  return out
}

afterAll(() => useLocaleForTests(site.lang))

const LANGUAGES: Array<[string, Messages, string]> = [
  ['de', de, 'Januar'],
  ['el', el, 'Ιανουαρίου'],
]

describe.each(LANGUAGES)('the site in %s', (lang, table, january) => {
  const english = englishOnly(table)

  async function page(path: string, init?: RequestInit, status = 200) {
    useLocaleForTests(lang)
    await purgeEssayPages(SITE, SEED_SLUG)
    const res = await get(path, init)
    expect(res.status, path).toBe(status)
    const html = await res.text()
    expect(html).toContain(`<html lang="${lang}"`)
    return html
  }

  function expectNoEnglish(html: string, what: string) {
    expect(englishIn(withoutContent(readerText(html)), english), what).toEqual([])
  }

  it('has English text to look for', () => {
    // The check is only as good as its list: the table's sentences and labels are in it.
    expect(english).toContain('Submit a Comment')
    expect(english).toContain('min read')
    expect(english).toContain('Page not found')
  })

  it('shows the essay page, its comments and dates in the language', async () => {
    const comment = await addComment({
      status: 'approved',
      authorName: 'Λέων',
      body: 'Καλό κείμενο, danke.',
    })
    const html = await page(`/essays/${SEED_SLUG}`)
    expect(html).toContain(table.submitComment)
    expect(html).toContain(table.commentsTitle)
    expect(html).toContain('Λέων')
    expect(html).toContain(january)
    expectNoEnglish(html, 'essay page')
    // A reply view: the "replying to" line and its cancel link.
    const reply = await page(`/essays/${SEED_SLUG}?replyto=${comment.id}`)
    expect(reply).toContain(table.cancelReply)
    expectNoEnglish(reply, 'reply view')
  })

  it('shows the refused form with its messages in the language, every value kept', async () => {
    useLocaleForTests(lang)
    const res = await postForm({ name: '', email: 'nicht-gültig', website: 'ftp://x', body: '' })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain(`<html lang="${lang}"`)
    expect(html).toContain(table.notPosted)
    expect(html).toContain(table.nameRequired)
    expect(html).toContain(table.emailInvalid)
    expect(html).toContain(table.websiteInvalid)
    expect(html).toContain(table.commentRequired)
    expect(html).toContain('nicht-gültig')
    expectNoEnglish(html, 'refused form')
    // A whole-form refusal (a forged token) too.
    const forged = await postForm({
      name: 'Λ',
      email: 'l@example.com',
      body: 'κείμενο',
      token: 'x',
    })
    const forgedHtml = await forged.text()
    expect(forgedHtml).toContain(table.formExpired)
    expectNoEnglish(forgedHtml, 'refused token')
  })

  it.each([
    ['/', 200],
    ['/tags', 200],
    ['/tags/leadership', 200],
    ['/archive', 200],
    ['/search?q=leadership', 200],
    ['/search?q=', 200],
    ['/search?q=zzzqqqnothing', 200],
    ['/search?q=%22%22%20%2A', 200],
    [`/search?q=${'λ'.repeat(201)}`, 400],
    ['/search?q=leadership&page=abc', 400],
    ['/search?q=leadership&page=5000', 400],
    ['/no-such-page', 404],
    [`/essays/no-such-essay`, 404],
    ['/page/9', 404],
  ])('shows %s in the language', async (path, status) => {
    const html = await page(path, undefined, status)
    expectNoEnglish(html, path)
  })

  it('words the tag feed in the language', async () => {
    useLocaleForTests(lang)
    const res = await get('/tags/leadership/feed.xml')
    expect(res.status).toBe(200)
    const xml = await res.text()
    expect(xml).toContain(table.tagFeedDescription({ tag: 'leadership', site: site.title }))
  })

  it('formats dates through Intl in the language', () => {
    useLocaleForTests(lang)
    expect(formatDay('2023-01-01T00:00:00Z')).toBe(
      new Intl.DateTimeFormat(lang, {
        year: 'numeric',
        month: 'long',
        day: 'numeric',
        timeZone: 'UTC',
      }).format(new Date('2023-01-01T00:00:00Z')),
    )
    expect(formatDay('2023-01-01T00:00:00Z')).toContain(january)
  })
})

describe('right-to-left languages', () => {
  it('puts dir="rtl" on <html> for a Hebrew site', async () => {
    useLocaleForTests('he', de)
    const res = await get('/tags')
    const html = await res.text()
    expect(html).toContain('<html lang="he" dir="rtl"')
    useLocaleForTests('en')
    expect(await (await get('/tags')).text()).not.toContain('dir="rtl"')
  })
})
