import { basename } from 'node:path'
import { ImportError } from './errors.ts'
import { readXmlRecords, text, type XmlNode } from './xml-reader.ts'

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

export interface WxrFile {
  version: string
  siteUrl: string
  generator: string
  /** Login -> display name. */
  authors: Map<string, string>
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
    comments: node.children.filter((c) => c.name === 'wp:comment').map(comment),
    line: node.line,
  }
}

/** Reads a whole WXR file (WordPress's Tools > Export) into memory-light records; throws ImportError on anything malformed. */
export async function readWxr(
  file: string,
  options: { maxBytes?: number; onProgress?: (read: number, total: number) => void } = {},
): Promise<WxrFile> {
  const result: WxrFile = { version: '', siteUrl: '', generator: '', authors: new Map(), items: [] }
  let sawChannel = false
  await readXmlRecords(file, {
    root: 'rss',
    recordDepth: 2,
    recordPath: ['rss', 'channel'],
    maxBytes: options.maxBytes,
    onProgress: options.onProgress,
    onHeader: (path, value) => {
      sawChannel ||= path.startsWith('channel')
      if (path === 'channel/wp:wxr_version') result.version = value.trim()
      if (path === 'channel/wp:base_site_url' || (path === 'channel/link' && !result.siteUrl))
        result.siteUrl = value.trim()
      if (path === 'channel/generator') result.generator = value.trim()
    },
    onRecord: (node) => {
      sawChannel = true
      if (node.name === 'item') result.items.push(item(node))
      else if (node.name === 'wp:author') {
        const login = text(node, 'wp:author_login').trim()
        if (login) result.authors.set(login, text(node, 'wp:author_display_name').trim() || login)
      } else if (node.name === 'wp:wxr_version') result.version = node.text.trim()
      else if (node.name === 'wp:base_site_url') result.siteUrl = node.text.trim()
      else if (node.name === 'link' && !result.siteUrl) result.siteUrl = node.text.trim()
      else if (node.name === 'generator') result.generator = node.text.trim()
    },
  })
  if (!sawChannel)
    throw new ImportError(
      `${basename(file)}: <rss> has no <channel>: this is an RSS file without WordPress data, not a WXR export`,
    )
  if (!result.version) {
    throw new ImportError(
      `${basename(file)}: no <wp:wxr_version>: this looks like a plain RSS feed, not a WordPress export (Tools > Export in WordPress makes one)`,
    )
  }
  if (!SUPPORTED.includes(result.version))
    throw new ImportError(
      `${basename(file)}: WXR version ${result.version} is not supported (1.0, 1.1 and 1.2 are)`,
    )
  return result
}
