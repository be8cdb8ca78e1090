/**
 * Big export files for the import's memory measurement and tests: a WordPress WXR 1.2 or a Disqus
 * export with N comments over P posts, threads of 5 levels (each reply answers the level above, as
 * the bench's 100,000-comment essay), every 50th comment held (WXR) or spam (Disqus). Written in
 * chunks, so the generator's own memory stays flat. Deterministic: the same file on every run.
 *
 *   tsx scripts/porting/generate-export.ts --format wxr|disqus --comments 100000 [--posts 1] --out FILE
 */
import { closeSync, openSync, writeSync } from 'node:fs'

export interface GenerateOptions {
  format: 'wxr' | 'disqus'
  comments: number
  /** Posts (threads) the comments are spread over, round-robin by thread of 5. */
  posts: number
  /** Text appended verbatim before the closing root tag (a test's broken last record). */
  tail?: string
}

const LEVELS = 5
const slugOf = (p: number) => `imported-essay-${p + 1}`
const dateOf = (n: number) => new Date(Date.UTC(2015, 0, 1) + n * 60_000)
const wpDate = (n: number) => dateOf(n).toISOString().slice(0, 19).replace('T', ' ')

function body(n: number): string {
  return `Comment ${n}: a considered reply of a realistic length, with two paragraphs &amp; a link.</p><p>It agrees with the essay in part and disagrees in part, see https://example.com/${n}.`
}

function* wxr(options: GenerateOptions): Generator<string> {
  yield `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Generated blog</title>
<link>https://old.example.com</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://old.example.com</wp:base_site_url>
<wp:base_blog_url>https://old.example.com</wp:base_blog_url>
<generator>https://wordpress.org/?v=6.5</generator>
`
  const perPost = Math.ceil(options.comments / options.posts)
  for (let p = 0; p < options.posts; p++) {
    yield `<item>
<title>Imported essay ${p + 1}</title>
<link>https://old.example.com/2015/01/01/${slugOf(p)}/</link>
<dc:creator>admin</dc:creator>
<content:encoded><![CDATA[<p>The text of essay ${p + 1}.</p>]]></content:encoded>
<wp:post_id>${p + 1}</wp:post_id>
<wp:post_date>2015-01-01 00:00:00</wp:post_date>
<wp:post_date_gmt>2015-01-01 00:00:00</wp:post_date_gmt>
<wp:post_name>${slugOf(p)}</wp:post_name>
<wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type>
`
    const end = Math.min(options.comments, (p + 1) * perPost)
    for (let n = p * perPost; n < end; n++) {
      const level = (n - p * perPost) % LEVELS
      yield `<wp:comment>
<wp:comment_id>${n + 1}</wp:comment_id>
<wp:comment_author><![CDATA[Reader ${n % 4999}]]></wp:comment_author>
<wp:comment_author_email>reader${n % 4999}@example.com</wp:comment_author_email>
<wp:comment_author_url>https://reader${n % 4999}.example</wp:comment_author_url>
<wp:comment_author_IP>203.0.113.${n % 250}</wp:comment_author_IP>
<wp:comment_date>${wpDate(n)}</wp:comment_date>
<wp:comment_date_gmt>${wpDate(n)}</wp:comment_date_gmt>
<wp:comment_content><![CDATA[<p>${body(n)}</p>]]></wp:comment_content>
<wp:comment_approved>${n % 50 === 49 ? '0' : '1'}</wp:comment_approved>
<wp:comment_type>comment</wp:comment_type>
<wp:comment_parent>${level === 0 ? 0 : n}</wp:comment_parent>
</wp:comment>
`
    }
    yield '</item>\n'
  }
  yield `${options.tail ?? ''}</channel>\n</rss>\n`
}

function* disqus(options: GenerateOptions): Generator<string> {
  yield `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
`
  for (let p = 0; p < options.posts; p++)
    yield `<thread dsq:id="${p + 1}">
<id>${slugOf(p)}</id>
<link>https://blog.example.com/essays/${slugOf(p)}</link>
<title>Imported essay ${p + 1}</title>
<createdAt>2015-01-01T00:00:00Z</createdAt>
</thread>
`
  const perPost = Math.ceil(options.comments / options.posts)
  for (let n = 0; n < options.comments; n++) {
    const p = Math.floor(n / perPost)
    const level = (n - p * perPost) % LEVELS
    yield `<post dsq:id="${n + 1}">
<message><![CDATA[<p>${body(n)}</p>]]></message>
<createdAt>${dateOf(n).toISOString().slice(0, 19)}Z</createdAt>
<isDeleted>false</isDeleted>
<isSpam>${n % 50 === 49}</isSpam>
<author><name>Reader ${n % 4999}</name><email>reader${n % 4999}@example.com</email><username>reader${n % 4999}</username></author>
<ipAddress>203.0.113.${n % 250}</ipAddress>
<thread dsq:id="${p + 1}"/>
${level === 0 ? '' : `<parent dsq:id="${n}"/>\n`}</post>
`
  }
  yield `${options.tail ?? ''}</disqus>\n`
}

/** Writes the export to `file` in ~1 MB writes; returns its size in bytes. */
export function generateExport(file: string, options: GenerateOptions): number {
  const fd = openSync(file, 'w')
  let buffer = ''
  let size = 0
  const flush = () => {
    size += writeSync(fd, buffer)
    buffer = ''
  }
  try {
    for (const part of options.format === 'wxr' ? wxr(options) : disqus(options)) {
      buffer += part
      if (buffer.length > 1_000_000) flush()
    }
    flush()
  } finally {
    closeSync(fd)
  }
  return size
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string, fallback?: string) => {
    const i = process.argv.indexOf(`--${name}`)
    const value = i >= 0 ? process.argv[i + 1] : fallback
    if (value === undefined) throw new Error(`--${name} is required`)
    return value
  }
  const format = arg('format')
  if (format !== 'wxr' && format !== 'disqus') throw new Error('--format must be wxr or disqus')
  const out = arg('out')
  const bytes = generateExport(out, {
    format,
    comments: Number(arg('comments', '100000')),
    posts: Number(arg('posts', '1')),
  })
  console.log(`wrote ${out}: ${(bytes / 1024 ** 2).toFixed(1)} MB`)
}
