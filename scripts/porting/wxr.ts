import { basename } from 'node:path'
import { ImportError } from './errors.ts'
import { readXmlRecords, text, wordpressNamespace, type XmlNode } from './xml-reader.ts'

export interface WxrComment {
  id: string
  parent: string
  author: string
  email: string
  url: string
  ip: string
  date: string
  dateGmt: string
  content: string
  approved: string
  type: string
  meta: Record<string, string>
  line: number
}

export interface WxrItem {
  id: string
  title: string
  link: string
  creator: string
  content: string
  excerpt: string
  postName: string
  postType: string
  status: string
  password: string
  date: string
  dateGmt: string
  modifiedGmt: string
  tags: string[]
  categories: string[]
  comments: WxrComment[]
  line: number
}

/** Everything in a WXR file but its items (what the streaming reader answers). */
export interface WxrHeader {
  version: string
  /** The blog's home URL (wp:base_blog_url, else the channel link, else wp:base_site_url), or ''. */
  siteUrl: string
  generator: string
  /** Login -> display name. */
  authors: Map<string, string>
  /** Read anyway, but the person importing should know (a trimmed export without wxr_version...). */
  warnings: string[]
}

export interface WxrFile extends WxrHeader {
  items: WxrItem[]
}

const SUPPORTED = ['1.0', '1.1', '1.2']

function comment(node: XmlNode): WxrComment {
  const meta: Record<string, string> = {}
  for (const entry of node.children.filter((c) => c.name === 'wp:commentmeta'))
    meta[text(entry, 'wp:meta_key').trim()] = text(entry, 'wp:meta_value')
  return {
    id: text(node, 'wp:comment_id').trim(),
    parent: text(node, 'wp:comment_parent').trim(),
    author: text(node, 'wp:comment_author'),
    email: text(node, 'wp:comment_author_email'),
    url: text(node, 'wp:comment_author_url'),
    ip: text(node, 'wp:comment_author_IP').trim(),
    date: text(node, 'wp:comment_date').trim(),
    dateGmt: text(node, 'wp:comment_date_gmt').trim(),
    content: text(node, 'wp:comment_content'),
    approved: text(node, 'wp:comment_approved').trim(),
    type: text(node, 'wp:comment_type').trim(),
    meta,
    line: node.line,
  }
}

function item(node: XmlNode): WxrItem {
  const terms = (domain: string) =>
    node.children
      .filter((c) => c.name === 'category' && c.attrs.domain === domain)
      .map((c) => c.text.trim())
      .filter(Boolean)
  return {
    id: text(node, 'wp:post_id').trim(),
    title: text(node, 'title'),
    link: text(node, 'link').trim(),
    creator: text(node, 'dc:creator').trim(),
    content: text(node, 'content:encoded'),
    excerpt: text(node, 'excerpt:encoded'),
    postName: text(node, 'wp:post_name').trim(),
    postType: text(node, 'wp:post_type').trim(),
    status: text(node, 'wp:status').trim(),
    password: text(node, 'wp:post_password'),
    date: text(node, 'wp:post_date').trim(),
    dateGmt: text(node, 'wp:post_date_gmt').trim(),
    modifiedGmt: text(node, 'wp:post_modified_gmt').trim(),
    tags: terms('post_tag'),
    categories: terms('category'),
    // Read one by one as child records (streamWxr), never as one tree of the whole conversation.
    comments: [],
    line: node.line,
  }
}

/**
 * The WXR namespace the file declares (preferably the one bound to `wp`, the prefix WordPress's own
 * importer reads), or null; and a `wp` prefix bound to some other URI, so the refusal can name it.
 */
function wxrNamespace(bindings: Map<string, string>) {
  const bound = bindings.get('wp')
  const candidates = [...(bound === undefined ? [] : [bound]), ...bindings.values()]
  const uri = candidates.find((candidate) => wordpressNamespace(candidate)?.prefix === 'wp:')
  return {
    found: uri === undefined ? null : { uri, version: wordpressNamespace(uri)!.version },
    foreignWp: uri === undefined && bound !== undefined ? bound : null,
  }
}

export interface WxrStreamOptions {
  maxBytes?: number
  onProgress?: (read: number, total: number) => void
  /** Each item as it closes, its comments left out (they came before, through onComment). */
  onItem: (item: WxrItem, index: number) => void
  /** Each wp:comment as it closes, with the index of the item it sits in. */
  onComment: (comment: WxrComment, itemIndex: number) => void
}

/**
 * Streams a WXR file (WordPress's or WordPress.com's Tools > Export): items and comments go to the
 * callbacks one by one, so memory is bounded by one post, not the export; the header is the answer,
 * checked once the whole file is read (throws ImportError on anything malformed). A trimmed export
 * (no <wp:wxr_version>, as some tools write) is read when its items carry WordPress data, with a
 * warning; a plain RSS feed is refused.
 */
export async function streamWxr(file: string, options: WxrStreamOptions): Promise<WxrHeader> {
  const label = basename(file)
  const result: WxrHeader = {
    version: '',
    siteUrl: '',
    generator: '',
    authors: new Map(),
    warnings: [],
  }
  // WordPress.com (and any multisite) writes the network's URL in base_site_url (http://wordpress.com/):
  // old permalinks are relative to the blog's own home, base_blog_url.
  const urls = { blog: '', link: '', site: '' }
  const header = (name: string, value: string) => {
    if (name === 'wp:wxr_version') result.version = value.trim()
    else if (name === 'wp:base_blog_url') urls.blog ||= value.trim()
    else if (name === 'link') urls.link ||= value.trim()
    else if (name === 'wp:base_site_url') urls.site ||= value.trim()
    else if (name === 'generator') result.generator = value.trim()
  }
  let sawChannel = false
  let items = 0
  // A WordPress item, not a plain RSS one: it has a wp:post_id or wp:comment elements.
  let wordpressItems = 0
  let commentsInItem = 0
  const { bindings } = await readXmlRecords(file, {
    root: 'rss',
    recordDepth: 2,
    recordPath: ['rss', 'channel'],
    childRecords: ['wp:comment'],
    maxBytes: options.maxBytes,
    onProgress: options.onProgress,
    onHeader: (path, value) => {
      sawChannel ||= path.startsWith('channel')
      if (path.startsWith('channel/')) header(path.slice('channel/'.length), value)
    },
    onChildRecord: (node) => {
      commentsInItem++
      options.onComment(comment(node), items)
    },
    onRecord: (node) => {
      sawChannel = true
      if (node.name === 'item') {
        const read = item(node)
        if (read.id !== '' || commentsInItem > 0) wordpressItems++
        commentsInItem = 0
        options.onItem(read, items++)
      } else if (node.name === 'wp:author') {
        const login = text(node, 'wp:author_login').trim()
        if (login) result.authors.set(login, text(node, 'wp:author_display_name').trim() || login)
      } else header(node.name, node.text)
    },
  })
  result.siteUrl = urls.blog || urls.link || urls.site
  if (!sawChannel)
    throw new ImportError(
      `${label}: <rss> has no <channel>: this is an RSS file without WordPress data, not a WXR export`,
    )
  const namespace = wxrNamespace(bindings)
  if (!result.version) {
    if (!namespace.found || wordpressItems === 0) {
      const foreign = namespace.foreignWp
        ? ` (its wp prefix is bound to ${JSON.stringify(namespace.foreignWp)}, not to a WordPress export namespace such as https://wordpress.org/export/1.2/)`
        : ''
      throw new ImportError(
        `${label}: no <wp:wxr_version>: this looks like a plain RSS feed, not a WordPress export (Tools > Export in WordPress makes one)${foreign}`,
      )
    }
    result.version = namespace.found.version
    result.warnings.push(
      `${label}: no <wp:wxr_version> (a trimmed export?): read as WXR ${result.version}, the version of its namespace ${namespace.found.uri}, because ${wordpressItems} of its ${items} item(s) carry WordPress data (wp:post_id, wp:comment); check the counts below against the site`,
    )
  }
  if (!SUPPORTED.includes(result.version))
    throw new ImportError(
      `${label}: WXR version ${result.version} is not supported (1.0, 1.1 and 1.2 are)`,
    )
  return result
}

/** A whole WXR file in memory, items with their comments (small files and tests; imports stream). */
export async function readWxr(
  file: string,
  options: { maxBytes?: number; onProgress?: (read: number, total: number) => void } = {},
): Promise<WxrFile> {
  const items: WxrItem[] = []
  let pending: WxrComment[] = []
  const header = await streamWxr(file, {
    ...options,
    onComment: (comment) => pending.push(comment),
    onItem: (item) => {
      item.comments = pending
      pending = []
      items.push(item)
    },
  })
  return { ...header, items }
}
