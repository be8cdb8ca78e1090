import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectEssays, parseEssay } from '../../scripts/build/essay.ts'
import { renderEssay, toSlug } from '../../scripts/porting/essay-files.ts'
import { planWordpress } from '../../scripts/porting/wordpress.ts'
import { readWxr } from '../../scripts/porting/wxr.ts'
import { exportWxr, type ExportContext, type ExportRow } from '../../src/admin/export/format.ts'

/** Issue 12: imported posts keep their words (item 2), and our WXR names its authors (item 1). */

const GREEK = 'επίπεδο-3'
const WP_GREEK = '%ce%b5%cf%80%ce%af%cf%80%ce%b5%ce%b4%ce%bf-3'
const temp = () => mkdtemp(join(tmpdir(), 'edge-blog-unicode-import-'))

describe('toSlug', () => {
  it.each([
    [WP_GREEK, GREEK],
    [WP_GREEK.toUpperCase(), GREEK],
    ['Επίπεδο 3', GREEK],
    ['%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82-%d0%bc%d0%b8%d1%80', 'привет-мир'],
    ['ПРИВЕТ, МИР', 'привет-мир'],
    ['caf%c3%a9-culture', 'café-culture'],
    ['Café Culture', 'café-culture'],
    ['%e6%9d%b1%e4%ba%ac-2024', '東京-2024'],
    ['hiring-and-firing', 'hiring-and-firing'],
    ['100%-sure', '100-sure'],
    ['επί\u200Bπεδο 3', GREEK],
    ['🙂', ''],
  ])('%j -> %j', (value, slug) => {
    expect(toSlug(value)).toBe(slug)
  })
})

const wxr = (items: string) => `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Ελληνικό ιστολόγιο</title>
  <link>https://old.example.gr</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://old.example.gr</wp:base_site_url>
  <wp:base_blog_url>https://old.example.gr</wp:base_blog_url>
  <wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[alexis]]></wp:author_login><wp:author_display_name><![CDATA[Αλέξης]]></wp:author_display_name></wp:author>
  ${items}
</channel>
</rss>
`

const post = (id: number, title: string, postName: string, comment = '') => `
  <item>
    <title>${title}</title>
    <link>https://old.example.gr/${postName || `?p=${id}`}/</link>
    <dc:creator>alexis</dc:creator>
    <content:encoded><![CDATA[<p>Κείμενο ${id}.</p>]]></content:encoded>
    <wp:post_id>${id}</wp:post_id>
    <wp:post_date>2024-03-0${id} 10:00:00</wp:post_date>
    <wp:post_date_gmt>2024-03-0${id} 08:00:00</wp:post_date_gmt>
    <wp:post_name>${postName}</wp:post_name>
    <wp:status>publish</wp:status>
    <wp:post_type>post</wp:post_type>${comment}
  </item>`

const comment = `
    <wp:comment>
      <wp:comment_id>7</wp:comment_id>
      <wp:comment_author>Μαρία</wp:comment_author>
      <wp:comment_author_email>maria@example.gr</wp:comment_author_email>
      <wp:comment_date_gmt>2024-03-02 09:00:00</wp:comment_date_gmt>
      <wp:comment_content>Ωραίο!</wp:comment_content>
      <wp:comment_approved>1</wp:comment_approved>
      <wp:comment_parent>0</wp:comment_parent>
    </wp:comment>`

async function planOf(xml: string) {
  const dir = await temp()
  const file = join(dir, 'export.xml')
  await writeFile(file, xml)
  return planWordpress(await readWxr(file), {
    contentDir: join(dir, 'content'),
    hashIp: () => null,
  })
}

describe('a WordPress export with non-Latin slugs', () => {
  it('keeps percent-encoded post_names and titles as their words, for essays, comments and redirects', async () => {
    const plan = await planOf(
      wxr(
        post(2, 'Επίπεδο 3', WP_GREEK, comment) +
          post(3, 'ПРИВЕТ МИР', '') +
          post(4, '東京 2024', '%e6%9d%b1%e4%ba%ac-2024'),
      ),
    )
    expect(plan.essays.map((essay) => essay.slug).sort()).toEqual(
      [GREEK, 'привет-мир', '東京-2024'].sort(),
    )
    expect(plan.comments.map((row) => row.essay_slug)).toEqual([GREEK])
    expect(plan.essays.find((essay) => essay.slug === GREEK)!.author).toBe('Αλέξης')
    // The old address WordPress answered leads to the new slug.
    expect(Object.entries(plan.redirects)).toContainEqual([`/${GREEK}/`, GREEK])
    // And the files are ones the content build accepts, under the same slugs.
    const parsed = plan.essays.map((essay) => ({
      file: `content/${essay.slug}.md`,
      essay: parseEssay(`content/${essay.slug}.md`, renderEssay(essay), { author: 'Site' }),
    }))
    expect(
      collectEssays(parsed, { includeDrafts: true })
        .map((essay) => essay.slug)
        .sort(),
    ).toEqual([GREEK, 'привет-мир', '東京-2024'].sort())
  })
})

describe('the WXR export names its authors', () => {
  const row = (over: Partial<ExportRow>): ExportRow => ({
    id: 'c1',
    essay_slug: GREEK,
    parent_id: null,
    depth: 0,
    author_name: 'Μαρία',
    author_email: 'maria@example.gr',
    author_url: null,
    body: 'Ωραίο!',
    status: 'approved',
    previous_status: null,
    created_at: Date.UTC(2024, 2, 2),
    updated_at: Date.UTC(2024, 2, 2),
    source: null,
    ...over,
  })
  const ctx: ExportContext = {
    siteUrl: 'https://blog.example.gr',
    siteTitle: 'Ιστολόγιο',
    authors: ['The Author', 'Αλέξης Παπαδόπουλος', 'The Author'],
    essay: (slug) =>
      slug === GREEK
        ? {
            title: 'Επίπεδο 3',
            date: '2024-03-01T00:00:00.000Z',
            html: '<p>Κείμενο.</p>',
            author: 'Αλέξης Παπαδόπουλος',
          }
        : undefined,
    now: new Date(Date.UTC(2024, 3, 1)),
  }
  async function exported(rows: ExportRow[], context = ctx) {
    async function* pages() {
      yield rows
    }
    let out = ''
    for await (const chunk of exportWxr(pages(), context)) out += chunk
    return out
  }

  it('one <wp:author> per author in the channel, a <dc:creator> on every item', async () => {
    const xml = await exported([row({}), row({ id: 'c2', essay_slug: 'plain-essay' })])
    const channel = xml.slice(0, xml.indexOf('<item>'))
    expect(channel.match(/<wp:author>/g)).toHaveLength(2)
    expect(channel).toContain(`
    <wp:author>
      <wp:author_id>1</wp:author_id>
      <wp:author_login>the-author</wp:author_login>
      <wp:author_email></wp:author_email>
      <wp:author_display_name>The Author</wp:author_display_name>`)
    expect(channel).toContain('<wp:author_login>author-2</wp:author_login>')
    expect(channel).toContain(
      '<wp:author_display_name>Αλέξης Παπαδόπουλος</wp:author_display_name>',
    )
    const items = xml.split('<item>').slice(1)
    expect(items).toHaveLength(2)
    // The Greek essay names its own author; an essay the site no longer has, the site's author.
    expect(items[0]).toContain('<dc:creator>author-2</dc:creator>')
    expect(items[1]).toContain('<dc:creator>the-author</dc:creator>')
    // WordPress's own spelling of the post_name, and a percent-encoded link.
    expect(items[0]).toContain(`<wp:post_name>${WP_GREEK}</wp:post_name>`)
    expect(items[0]).toContain(
      `<link>https://blog.example.gr/essays/${encodeURIComponent(GREEK)}</link>`,
    )
  })

  it('without an author list, the site title is the one author', async () => {
    const xml = await exported([row({})], { ...ctx, authors: undefined, essay: () => undefined })
    expect(xml.match(/<wp:author>/g)).toHaveLength(1)
    expect(xml).toContain('<wp:author_display_name>Ιστολόγιο</wp:author_display_name>')
    expect(xml).toContain('<wp:author_login>author-1</wp:author_login>')
    expect(xml).toContain('<dc:creator>author-1</dc:creator>')
  })

  it('re-imports into this blog: the Greek slug, its author and its comment come back', async () => {
    const plan = await planOf(await exported([row({})]))
    expect(plan.essays.map((essay) => [essay.slug, essay.author])).toEqual([
      [GREEK, 'Αλέξης Παπαδόπουλος'],
    ])
    expect(plan.comments.map((c) => [c.essay_slug, c.author_name])).toEqual([[GREEK, 'Μαρία']])
  })
})
