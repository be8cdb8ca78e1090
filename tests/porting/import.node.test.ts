import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { keyedHash } from '../../src/lib/crypto.ts'
import { collectEssays, parseEssay } from '../../scripts/build/essay.ts'
import { MAX_DEPTH, threadComments, type SourceComment } from '../../scripts/porting/comments.ts'
import { planDisqus, readDisqus } from '../../scripts/porting/disqus.ts'
import { renderEssay } from '../../scripts/porting/essay-files.ts'
import { ImportError } from '../../scripts/porting/errors.ts'
import { commentIdFor, loadSecret, nodeKeyedHash } from '../../scripts/porting/ids.ts'
import { commentInserts, MAX_STATEMENT_BYTES, sqlLiteral } from '../../scripts/porting/sql.ts'
import { cleanEmail } from '../../scripts/porting/commenter.ts'
import { query } from '../../scripts/porting/d1.ts'
import { formatSummary } from '../../scripts/porting/summary.ts'
import { planWordpress, runWordpressImport } from '../../scripts/porting/wordpress.ts'
import { readWxr } from '../../scripts/porting/wxr.ts'
import { wordpressNamespace } from '../../scripts/porting/xml-reader.ts'

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url).pathname
const temp = (prefix: string) => mkdtemp(join(tmpdir(), `edge-blog-${prefix}-`))
const hashIp = (ip: string) => `hash(${ip})`

async function realPlan(contentDir = '/nonexistent-content-dir') {
  return planWordpress(await readWxr(fixture('wordpress-real.xml')), { contentDir, hashIp })
}

describe('IP hashes', () => {
  it('the Node hash equals the worker keyedHash for the same secret, purpose and IP', async () => {
    for (const ip of ['203.0.113.7', '2001:db8::1', '', 'ünïcode']) {
      const secret = randomBytes(32).toString('base64url')
      expect(nodeKeyedHash(secret, 'ip', ip)).toBe(await keyedHash(secret, 'ip', ip))
    }
  })

  it('takes SECRET_KEY from the environment, or from .dev.vars for local imports only', async () => {
    const dir = await temp('secret')
    await writeFile(
      join(dir, '.dev.vars'),
      '# local\nADMIN_TOKEN=x\nSECRET_KEY="local-secret-local-secret"\n',
    )
    expect(loadSecret(dir, { devVars: true }, {})).toEqual({
      secret: 'local-secret-local-secret',
      from: '.dev.vars',
    })
    expect(loadSecret(dir, { devVars: false }, {}).secret).toBeNull()
    expect(
      loadSecret(dir, { devVars: false }, { SECRET_KEY: 'deployed-secret-deployed' }).secret,
    ).toBe('deployed-secret-deployed')
    expect(loadSecret(dir, { devVars: true }, { SECRET_KEY: 'short' }).secret).toBeNull()
  })

  it('never stores a raw IP: hashed with a secret, NULL without one', async () => {
    const withSecret = planWordpress(await readWxr(fixture('wordpress-real.xml')), {
      contentDir: '/none',
      hashIp: (ip) => nodeKeyedHash('k'.repeat(32), 'ip', ip),
    })
    const rows = JSON.stringify(withSecret.comments)
    expect(rows).not.toContain('203.0.113.7')
    expect(withSecret.comments.find((c) => c.source === 'wordpress:101:1')!.ip_hash).toBe(
      nodeKeyedHash('k'.repeat(32), 'ip', '203.0.113.7'),
    )
    const dir = await temp('nosecret')
    const summary = await runWordpressImport({
      file: fixture('wordpress-real.xml'),
      contentDir: dir,
      dryRun: true,
      secret: null,
    })
    expect(summary.warnings.join('\n')).toMatch(/no SECRET_KEY.*IP addresses were not imported/)
  })
})

describe('WordPress export -> plan (real-world-shaped fixture)', () => {
  it('imports published posts, pages and drafts; skips private, password-protected and attachments, listing them', async () => {
    const plan = await realPlan()
    expect(plan.counts).toMatchObject({
      posts: 4,
      pages: 1,
      drafts: 2,
      skippedPosts: 2,
      otherItems: 1,
      filesWritten: 5,
    })
    expect(plan.lists['skipped: private']).toEqual([expect.stringContaining('My diary')])
    expect(plan.lists['skipped: password-protected']).toEqual([
      expect.stringContaining('Members only'),
    ])
    const bySlug = new Map(plan.essays.map((e) => [e.slug, e]))
    expect([...bySlug.keys()].sort()).toEqual([
      'about',
      'café-culture',
      'coming-soon',
      'half-finished-thoughts',
      'hiring-and-firing',
    ])
    expect(bySlug.get('about')).toMatchObject({ page: true, draft: false })
    expect(bySlug.get('coming-soon')).toMatchObject({ draft: true })
    expect(bySlug.get('half-finished-thoughts')).toMatchObject({
      draft: true,
      date: '2024-05-01T12:00:00Z',
    })
    expect(bySlug.get('hiring-and-firing')).toMatchObject({
      title: 'Hiring & Firing: What I’ve Learned',
      date: '2019-03-14T09:30:00Z',
      updated: '2019-04-01T11:00:00Z',
      description: 'What years of hiring and firing taught me about teams.',
      tags: ['teams', 'hiring & firing'],
      categories: ['Management'],
      author: 'Ada Writer',
    })
    // No excerpt: the description comes from the text, and stays within 160 characters.
    expect(bySlug.get('café-culture')!.description).toBe(
      'A block-editor post about cafés. Coffee first.',
    )
    expect(JSON.stringify(plan.comments)).not.toContain('Should Not Appear')
  })

  it('converts HTML to Markdown: paragraphs from bare newlines, links, headings, lists, captions; no <!--more-->', async () => {
    const body = (await realPlan()).essays.find((e) => e.slug === 'hiring-and-firing')!.body
    expect(body).toContain(
      'The first thing I learned is that _nobody_ enjoys this part.\n\nSecond paragraph, with a [link to a book](https://example.org/book)',
    )
    expect(body).toContain('## What works')
    expect(body).toMatch(/^- +Be direct$/m)
    expect(body).toContain(
      '![The team](https://old.example.com/wp-content/uploads/2019/03/team.jpg)',
    )
    expect(body).toContain('\\*asterisks\\*')
    expect(body).not.toContain('more-->')
    expect(body).not.toContain('[caption')
  })

  it('writes files the content build accepts', async () => {
    const plan = await realPlan()
    const parsed = plan.essays.map((essay) => ({
      file: `content/${essay.slug}.md`,
      essay: parseEssay(`content/${essay.slug}.md`, renderEssay(essay), { author: 'Site' }),
    }))
    const built = collectEssays(parsed, { includeDrafts: true })
    expect(built).toHaveLength(5)
    const about = built.find((e) => e.slug === 'about')!
    expect(about.page).toBe(true)
    expect(built.find((e) => e.slug === 'hiring-and-firing')!.html).toContain('<h2>What works</h2>')
    expect(
      collectEssays(parsed, { includeDrafts: false })
        .map((e) => e.slug)
        .sort(),
    ).toEqual(['about', 'café-culture', 'hiring-and-firing'])
  })

  it('maps statuses, keeps threads, caps depth, and tolerates what real exports contain', async () => {
    const plan = await realPlan()
    const by = new Map(plan.comments.map((c) => [c.source, c]))
    expect(plan.comments).toHaveLength(12)
    expect(plan.counts).toMatchObject({
      pingbacks: 2,
      otherCommentTypes: 1,
      orphans: 1,
      flattened: 2,
    })
    // HTML entities in names, CDATA and plain fields mixed, emails with whitespace and newlines.
    expect(by.get('wordpress:101:1')).toMatchObject({
      author_name: 'José O’Brien',
      author_email: 'jose@example.com',
      author_url: 'https://jose.example.net/',
      status: 'approved',
      depth: 0,
      parent_id: null,
    })
    expect(by.get('wordpress:101:1')!.body).toBe(
      'Great post. I agree with **most** of it.\n\nEspecially the part about being kind & direct.',
    )
    expect(by.get('wordpress:101:2')).toMatchObject({
      body: 'Thanks José! It *was* hard to write.',
      parent_id: commentIdFor('wordpress:101:1'),
      depth: 1,
    })
    expect(by.get('wordpress:101:5')).toMatchObject({
      depth: MAX_DEPTH,
      parent_id: commentIdFor('wordpress:101:4'),
    })
    // Deeper than the live limit: attached to the level-4 comment's parent so they sit at the deepest level, dates kept.
    expect(by.get('wordpress:101:6')).toMatchObject({
      depth: MAX_DEPTH,
      parent_id: commentIdFor('wordpress:101:4'),
      created_at: Date.UTC(2019, 2, 15, 10),
    })
    expect(by.get('wordpress:101:7')).toMatchObject({
      depth: MAX_DEPTH,
      parent_id: commentIdFor('wordpress:101:4'),
      created_at: Date.UTC(2019, 2, 15, 11),
    })
    expect(by.get('wordpress:101:8')).toMatchObject({
      status: 'pending',
      created_at: Date.UTC(2019, 2, 14, 9, 30),
    })
    expect(by.get('wordpress:101:9')).toMatchObject({
      status: 'spam',
      body: 'Buy [pills](http://spam.example/buy) now',
    })
    expect(by.get('wordpress:101:10')).toMatchObject({
      status: 'trash',
      previous_status: 'approved',
    })
    expect(by.get('wordpress:101:13')).toMatchObject({ parent_id: null, depth: 0 })
    expect(plan.lists['replies to missing comments (imported as top-level)']).toEqual([
      expect.stringContaining('comment 13'),
    ])
    expect(plan.warnings).toEqual([
      expect.stringContaining('comment 8 on "hiring-and-firing" (line 188): has no date'),
    ])
    // The same comment id on two posts: two rows, two sources, two ids.
    expect(by.get('wordpress:202:1')).toMatchObject({
      essay_slug: 'café-culture',
      author_name: 'Same Id Sam',
    })
    expect(by.get('wordpress:202:1')!.id).not.toBe(by.get('wordpress:101:1')!.id)
    // Parents come before their replies, so any batch split inserts cleanly.
    const order = plan.comments.map((c) => c.id)
    for (const c of plan.comments)
      if (c.parent_id) expect(order.indexOf(c.parent_id)).toBeLessThan(order.indexOf(c.id))
  })

  it('records every old permalink form of published posts and pages, and none for drafts', async () => {
    const { redirects } = await realPlan()
    expect(redirects).toEqual({
      '/?p=101': 'hiring-and-firing',
      '/hiring-and-firing/': 'hiring-and-firing',
      '/2019/03/14/hiring-and-firing/': 'hiring-and-firing',
      '/2019/03/hiring-and-firing/': 'hiring-and-firing',
      '/?p=202': 'café-culture',
      '/café-culture/': 'café-culture',
      '/2020/01/05/café-culture/': 'café-culture',
      '/2020/01/café-culture/': 'café-culture',
      '/?p=2': 'about',
      '/?page_id=2': 'about',
      '/about/': 'about',
    })
  })

  it('reads WXR 1.0 (the wp namespace of WordPress 2.x)', async () => {
    const plan = planWordpress(await readWxr(fixture('wordpress-1.0.xml')), {
      contentDir: '/none',
      hashIp,
    })
    expect(plan.essays.map((e) => e.slug)).toEqual(['hello-world'])
    expect(plan.comments).toEqual([
      expect.objectContaining({
        author_name: 'Mr WordPress',
        author_email: '',
        body: 'Hi, this is a comment.',
        status: 'approved',
      }),
    ])
  })

  it('flattens a long chain and survives a reply loop', () => {
    const chain: SourceComment[] = Array.from({ length: 12 }, (_, i) => ({
      source: `t:${i}`,
      parentSource: i === 0 ? 't:11' : `t:${i - 1}`,
      essaySlug: 'x',
      authorName: 'a',
      authorEmail: '',
      authorUrl: null,
      body: `c${i}`,
      status: 'approved',
      previousStatus: null,
      createdAt: i,
      updatedAt: i,
      ip: null,
      userAgent: null,
      label: `c${i}`,
    }))
    const { rows, orphans } = threadComments(chain, hashIp)
    expect(orphans).toEqual([expect.stringContaining('loop')])
    expect(Math.max(...rows.map((r) => r.depth))).toBe(MAX_DEPTH)
    expect(rows.filter((r) => r.depth === 0)).toHaveLength(1)
  })

  it('hashes IPs as the live site keys readers (IPv6 by its /64), and lower-cases emails whole', () => {
    const one = (source: string, ip: string): SourceComment => ({
      source,
      parentSource: null,
      essaySlug: 'x',
      authorName: 'a',
      authorEmail: cleanEmail('  Jose@Example.COM '),
      authorUrl: null,
      body: source,
      status: 'approved',
      previousStatus: null,
      createdAt: 1,
      updatedAt: 1,
      ip,
      userAgent: null,
      label: source,
    })
    const { rows } = threadComments(
      [
        one('v6:1', '2001:DB8:1:2:aaaa::1'),
        one('v6:2', '2001:db8:1:2::bbbb'),
        one('v4', '203.0.113.9'),
      ],
      hashIp,
    )
    expect(rows.map((r) => r.ip_hash)).toEqual([
      'hash(2001:db8:1:2::/64)',
      'hash(2001:db8:1:2::/64)',
      'hash(203.0.113.9)',
    ])
    expect(rows[0]!.author_email).toBe('jose@example.com')
  })
})

/** What each imported comment became, keyed by its WordPress id: status, depth and the id of its parent. */
function threads(
  rows: Array<{
    source: string
    status: string
    depth: number
    parent_id: string | null
    id: string
  }>,
) {
  const wpId = new Map(rows.map((r) => [r.id, r.source.split(':')[2]!]))
  return Object.fromEntries(
    rows.map((r) => [
      r.source.split(':').slice(1).join(':'),
      `${r.status} depth ${r.depth}${r.parent_id ? ` reply to ${wpId.get(r.parent_id)}` : ''}`,
    ]),
  )
}

const WORDPRESS_COM_THREADS = {
  '12:31': 'approved depth 0',
  '12:32': 'approved depth 1 reply to 31',
  '12:33': 'approved depth 2 reply to 32',
  '12:34': 'pending depth 0',
  '12:35': 'spam depth 0',
  '12:36': 'trash depth 0',
  '12:37': 'approved depth 0',
  '12:38': 'pending depth 1 reply to 31',
}

const TRIMMED_THREADS = {
  '7:1': 'approved depth 0',
  '7:2': 'approved depth 1 reply to 1',
  '7:3': 'approved depth 2 reply to 2',
  '7:4': 'pending depth 0',
  '7:5': 'spam depth 0',
  '7:6': 'trash depth 0',
  '9:10': 'approved depth 0',
}

describe('WordPress.com and trimmed exports', () => {
  it('knows every WordPress export namespace, http or https, and nothing else', () => {
    expect(wordpressNamespace('https://wordpress.org/export/1.2/')).toEqual({
      prefix: 'wp:',
      version: '1.2',
    })
    expect(wordpressNamespace('http://wordpress.org/export/1.0/')).toEqual({
      prefix: 'wp:',
      version: '1.0',
    })
    expect(wordpressNamespace('https://wordpress.org/export/1.2/excerpt/')).toEqual({
      prefix: 'excerpt:',
      version: '1.2',
    })
    expect(wordpressNamespace('http://wordpress.org/export/1.1')).toEqual({
      prefix: 'wp:',
      version: '1.1',
    })
    for (const other of [
      'https://wordpress.org/export/',
      'https://wordpress.org/export/latest/',
      'https://wordpress.org/export/1.2/other/',
      'https://wordpress.org/export/1.2/excerpt/x/',
      'ftp://wordpress.org/export/1.2/',
      'https://wordpress.org.evil.example/export/1.2/',
      'https://example.com/wordpress.org/export/1.2/',
    ])
      expect(wordpressNamespace(other), other).toBeNull()
  })

  it('reads a WordPress.com export (https namespaces): every status, the reply thread, old links from the blog URL', async () => {
    const wxr = await readWxr(fixture('wordpress-com.xml'))
    expect(wxr).toMatchObject({
      version: '1.2',
      // Not base_site_url (http://wordpress.com/, the network): the blog's own home.
      siteUrl: 'https://fieldnotes-example.wordpress.com',
      warnings: [],
    })
    const plan = planWordpress(wxr, { contentDir: '/none', hashIp })
    expect(plan.counts).toEqual({
      posts: 1,
      pages: 2,
      filesWritten: 3,
      pingbacks: 1,
      otherItems: 2,
    })
    expect(plan.warnings).toEqual([])
    expect(threads(plan.comments)).toEqual(WORDPRESS_COM_THREADS)
    const by = new Map(plan.comments.map((c) => [c.source, c]))
    expect(by.get('wordpress:12:31')).toMatchObject({
      essay_slug: 'notes-from-the-field',
      author_name: 'Ana Ribeiro',
      body: 'The rain walk is the best one. *Listening* in bad weather is a skill.',
      created_at: Date.UTC(2023, 3, 2, 9),
      ip_hash: 'hash(203.0.113.31)',
    })
    expect(by.get('wordpress:12:36')).toMatchObject({ previous_status: 'approved' })
    expect(plan.essays.map((e) => [e.slug, e.author, e.page])).toEqual([
      ['notes-from-the-field', 'Noor Field', false],
      ['about', 'Noor Field', true],
      ['walking-group', 'Noor Field', true],
    ])
    // A child page's permalink is only in its <link>, read against the blog's URL.
    expect(plan.redirects).toMatchObject({
      '/2023/04/02/notes-from-the-field/': 'notes-from-the-field',
      '/about/walking-group/': 'walking-group',
    })
    const summary = await runWordpressImport({
      file: fixture('wordpress-com.xml'),
      contentDir: await temp('wpcom-dry'),
      dryRun: true,
      secret: null,
    })
    expect(summary.comments).toEqual({ approved: 4, pending: 2, spam: 1, trash: 1 })
  })

  it('reads a trimmed export (no channel title, link or wxr_version) from its wp items, with a warning in the summary', async () => {
    const wxr = await readWxr(fixture('wordpress-trimmed.xml'))
    expect(wxr).toMatchObject({ version: '1.1', siteUrl: '', generator: '' })
    const warning =
      /wordpress-trimmed\.xml: no <wp:wxr_version> \(a trimmed export\?\): read as WXR 1\.1, the version of its namespace http:\/\/wordpress\.org\/export\/1\.1\/, because 2 of its 2 item\(s\) carry WordPress data/
    expect(wxr.warnings).toEqual([expect.stringMatching(warning)])
    const plan = planWordpress(wxr, { contentDir: '/none', hashIp })
    expect(plan.counts).toEqual({ posts: 2, filesWritten: 2 })
    expect(threads(plan.comments)).toEqual(TRIMMED_THREADS)
    expect(plan.essays.map((e) => [e.slug, e.date])).toEqual([
      ['reading-list', '2016-02-10T08:00:00Z'],
      ['short-note', '2016-03-01T09:00:00Z'],
    ])
    const summary = await runWordpressImport({
      file: fixture('wordpress-trimmed.xml'),
      contentDir: await temp('trimmed-dry'),
      dryRun: true,
      secret: null,
    })
    expect(summary.comments).toEqual({ approved: 4, pending: 1, spam: 1, trash: 1 })
    expect(summary.warnings).toEqual(expect.arrayContaining([expect.stringMatching(warning)]))
    expect(formatSummary('WordPress import', summary)).toMatch(
      /warnings:\n {2}! wordpress-trimmed\.xml: no <wp:wxr_version> \(a trimmed export\?\)/,
    )
  })

  it.each([
    [
      'wordpress-com.xml',
      WORDPRESS_COM_THREADS,
      ['about.md', 'notes-from-the-field.md', 'redirects.json', 'walking-group.md'],
    ],
    [
      'wordpress-trimmed.xml',
      TRIMMED_THREADS,
      ['reading-list.md', 'redirects.json', 'short-note.md'],
    ],
  ])('%s imports into D1 with its statuses and threads', async (name, expected, files) => {
    const dir = await temp('wp-d1')
    const persistTo = join(dir, 'db')
    const contentDir = join(dir, 'content')
    const summary = await runWordpressImport({
      file: fixture(name),
      contentDir,
      persistTo,
      secret: 'x'.repeat(40),
    })
    expect(summary.dryRun).toBe(false)
    const rows = await query<{
      id: string
      source: string
      status: string
      depth: number
      parent_id: string | null
    }>('SELECT id, source, status, depth, parent_id FROM comments ORDER BY source', { persistTo })
    expect(threads(rows)).toEqual(expected)
    expect((await readdir(contentDir)).sort()).toEqual(files)
  })

  it.each([
    [
      'a feed that declares the wp namespace but has no WordPress items',
      '<rss version="2.0" xmlns:wp="https://wordpress.org/export/1.2/"><channel><title>Feed</title><link>https://blog.example</link><item><title>Post</title><link>https://blog.example/post/</link></item></channel></rss>',
      /^feed\.xml: no <wp:wxr_version>: this looks like a plain RSS feed, not a WordPress export \(Tools > Export in WordPress makes one\)$/,
    ],
    [
      "a wp prefix bound to a namespace that is not WordPress's",
      '<rss version="2.0" xmlns:wp="https://example.com/wp/"><channel><item><wp:post_id>1</wp:post_id></item></channel></rss>',
      /^feed\.xml: no <wp:wxr_version>: this looks like a plain RSS feed, .*\(its wp prefix is bound to "https:\/\/example\.com\/wp\/", not to a WordPress export namespace/,
    ],
    [
      'a trimmed export in an unknown WXR version',
      '<rss version="2.0" xmlns:wp="https://wordpress.org/export/2.0/"><channel><item><wp:post_id>1</wp:post_id></item></channel></rss>',
      /^feed\.xml: WXR version 2\.0 is not supported \(1\.0, 1\.1 and 1\.2 are\)$/,
    ],
    [
      'a WordPress.com-style export of an unknown WXR version',
      '<rss version="2.0" xmlns:wp="https://wordpress.org/export/1.3/"><channel><wp:wxr_version>1.3</wp:wxr_version><item><wp:post_id>1</wp:post_id></item></channel></rss>',
      /^feed\.xml: WXR version 1\.3 is not supported/,
    ],
  ])('refuses %s, writing nothing', async (_, xml, message) => {
    const dir = await temp('refuse')
    const file = join(dir, 'feed.xml')
    await writeFile(file, `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`)
    await expect(
      runWordpressImport({
        file,
        contentDir: join(dir, 'content'),
        persistTo: join(dir, 'db'),
        secret: null,
      }),
    ).rejects.toThrow(message)
    expect((await readdir(dir)).sort()).toEqual(['feed.xml'])
  })
})

describe('SQL for D1', () => {
  it('quotes text safely, drops NUL and control characters, keeps newlines', () => {
    expect(sqlLiteral("O'Brien")).toBe("'O''Brien'")
    expect(sqlLiteral('a\u0000b\u0007c\nd\te')).toBe("'abc\nd\te'")
    expect(sqlLiteral(null)).toBe('NULL')
    expect(sqlLiteral(12.7)).toBe('12')
    expect(sqlLiteral('\uD800x')).toBe("'\uFFFDx'")
  })

  it('splits inserts so no statement reaches 100 KB, and makes re-runs a no-op', async () => {
    const rows = (await realPlan()).comments
    const big = Array.from({ length: 40 }, (_, i) => ({
      ...rows[0]!,
      id: `big${i}`,
      source: `test:${i}`,
      body: `'${'é'.repeat(15_000)}`,
    }))
    const statements = commentInserts(big)
    expect(statements.length).toBeGreaterThan(5)
    for (const statement of statements) {
      expect(Buffer.byteLength(statement)).toBeLessThanOrEqual(MAX_STATEMENT_BYTES)
      expect(statement.endsWith('ON CONFLICT DO NOTHING;')).toBe(true)
    }
    expect(statements.join('').match(/\('big/g)).toHaveLength(40)
  })
})

describe('bad input files: a clear error with the line, nothing written', () => {
  it.each([
    ['bad/not-xml.xml', /not-xml\.xml: line 1: this is not XML/],
    [
      'bad/truncated.xml',
      /truncated\.xml: line 178: <wp:comment_author_url> opened here is never closed: the file is truncated/,
    ],
    ['bad/wrong-root.xml', /wrong-root\.xml: line 2: the root element is <feed>, expected <rss>/],
    ['bad/plain-rss.xml', /plain-rss\.xml: no <wp:wxr_version>: this looks like a plain RSS feed/],
    ['bad/broken-middle.xml', /broken-middle\.xml: line 14: <title> opened here is never closed/],
  ])('%s', async (name, message) => {
    const dir = await temp('bad')
    const persistTo = join(dir, 'db')
    const contentDir = join(dir, 'content')
    await expect(
      runWordpressImport({ file: fixture(name), contentDir, persistTo, secret: null }),
    ).rejects.toThrow(message)
    await expect(
      runWordpressImport({ file: fixture(name), contentDir, persistTo, secret: null }),
    ).rejects.toBeInstanceOf(ImportError)
    expect(existsSync(contentDir)).toBe(false)
    expect(existsSync(persistTo)).toBe(false)
  })

  it('refuses a file over the size cap before reading it', async () => {
    const dir = await temp('huge')
    await expect(
      runWordpressImport({
        file: fixture('wordpress-real.xml'),
        contentDir: dir,
        persistTo: join(dir, 'db'),
        maxBytes: 4096,
        secret: null,
      }),
    ).rejects.toThrow(
      /wordpress-real\.xml: the file is 21\.\d KB, over the 4\.0 KB limit; nothing was imported/,
    )
    expect(await readdir(dir)).toEqual([])
  })

  it('a Disqus file with the wrong root is refused the same way', async () => {
    await expect(readDisqus(fixture('wordpress-real.xml'))).rejects.toThrow(
      /wordpress-real\.xml: line 4: the root element is <rss>, expected <disqus>/,
    )
  })
})

describe('Disqus export -> plan', () => {
  it('matches threads by /essays/ URL, old permalink and identifier; keeps replies, spam and deleted posts', async () => {
    const plan = planDisqus(await readDisqus(fixture('disqus.xml')), {
      slugs: new Set(['management-versus-leadership', 'hiring-and-firing']),
      redirects: { '/2019/03/14/hiring-and-firing/': 'hiring-and-firing' },
      hashIp,
    })
    const by = new Map(plan.comments.map((c) => [c.source, c]))
    expect(plan.comments).toHaveLength(5)
    expect(by.get('disqus:7001')).toMatchObject({
      essay_slug: 'management-versus-leadership',
      author_name: 'Rea Dér',
      body: 'First! Disqus wraps **paragraphs**.\n\nSecond paragraph.',
      status: 'approved',
      ip_hash: 'hash(203.0.113.50)',
    })
    expect(by.get('disqus:7002')).toMatchObject({
      parent_id: by.get('disqus:7001')!.id,
      depth: 1,
      author_email: '',
    })
    expect(by.get('disqus:7003')).toMatchObject({
      parent_id: by.get('disqus:7002')!.id,
      depth: 2,
      status: 'trash',
    })
    expect(by.get('disqus:7004')).toMatchObject({ status: 'spam' })
    expect(by.get('disqus:7005')).toMatchObject({
      essay_slug: 'hiring-and-firing',
      parent_id: null,
    })
    expect(plan.counts).toMatchObject({
      threads: 2,
      threadsUnmatched: 1,
      commentsSkipped: 1,
      orphans: 1,
    })
    expect(plan.lists['threads with no matching essay (their comments were skipped)']).toEqual([
      expect.stringContaining('unknown-page'),
    ])
  })
})

describe('--force and existing files', () => {
  it('never overwrites an existing essay without --force (dry run writes nothing either)', async () => {
    const dir = await temp('force')
    await writeFile(join(dir, 'about.md'), 'mine')
    const plan = planWordpress(await readWxr(fixture('wordpress-real.xml')), {
      contentDir: dir,
      hashIp,
    })
    expect(plan.lists['kept (file exists)']).toEqual(['content/about.md'])
    expect(plan.essays.map((e) => e.slug)).not.toContain('about')
    const forced = planWordpress(await readWxr(fixture('wordpress-real.xml')), {
      contentDir: dir,
      force: true,
      hashIp,
    })
    expect(forced.essays.map((e) => e.slug)).toContain('about')
    const summary = await runWordpressImport({
      file: fixture('wordpress-real.xml'),
      contentDir: dir,
      dryRun: true,
      secret: null,
      persistTo: join(dir, 'db'),
    })
    expect(summary.dryRun).toBe(true)
    expect(await readdir(dir)).toEqual(['about.md'])
    expect(await readFile(join(dir, 'about.md'), 'utf8')).toBe('mine')
  })
})
