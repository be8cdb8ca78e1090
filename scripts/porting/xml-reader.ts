import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { SaxesParser, type SaxesTagNS } from 'saxes'
import { ImportError } from './errors.ts'

/** One element of a record: canonical name ("wp:comment", "dsq:id", "title"), attributes, text and children. */
export interface XmlNode {
  name: string
  attrs: Record<string, string>
  text: string
  children: XmlNode[]
  /** Line of the opening tag, for messages. */
  line: number
}

export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3

/** A WXR namespace: `wp` (posts, comments) or `excerpt`, and the WXR version in its URI. */
export interface WordpressNamespace {
  prefix: 'wp:' | 'excerpt:'
  version: string
}

const WORDPRESS_EXPORT = 'wordpress.org/export/'

/**
 * WordPress binds `wp` to http://wordpress.org/export/1.2/ (1.0 and 1.1 before), WordPress.com to
 * https://wordpress.org/export/1.2/, and `excerpt` to the same URI plus "excerpt/". Any http or https
 * URI of that shape is WordPress's; the version check belongs to the reader (wxr.ts). Null otherwise.
 */
export function wordpressNamespace(uri: string): WordpressNamespace | null {
  const scheme = uri.startsWith('https://')
    ? 'https://'
    : uri.startsWith('http://')
      ? 'http://'
      : ''
  if (!scheme || !uri.startsWith(WORDPRESS_EXPORT, scheme.length)) return null
  // "1.2/", "1.2/excerpt/"; the trailing slash is optional (some tools drop it).
  const parts = uri.slice(scheme.length + WORDPRESS_EXPORT.length).split('/')
  if (parts.at(-1) === '') parts.pop()
  const [version = '', kind, ...rest] = parts
  if (!/^\d{1,3}\.\d{1,3}$/.test(version) || rest.length > 0) return null
  if (kind === undefined) return { prefix: 'wp:', version }
  return kind === 'excerpt' ? { prefix: 'excerpt:', version } : null
}

// Exports name their namespaces by URI; prefixes are the author's choice, so map URIs to the names the code uses.
function prefixFor(uri: string): string {
  if (!uri) return ''
  const wordpress = wordpressNamespace(uri)
  if (wordpress) return wordpress.prefix
  if (uri === 'http://purl.org/rss/1.0/modules/content/') return 'content:'
  if (uri === 'http://purl.org/dc/elements/1.1/') return 'dc:'
  if (uri === 'http://disqus.com/disqus-internals') return 'dsq:'
  if (uri === 'http://disqus.com' || uri === 'http://www.w3.org/2001/XMLSchema-instance') return ''
  return ''
}

export function child(node: XmlNode, name: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name)
}

/** Text of a child element, untrimmed; '' when absent. */
export function text(node: XmlNode, name: string): string {
  return child(node, name)?.text ?? ''
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} bytes`
}

export interface ReadOptions {
  /** Root element the format requires, e.g. "rss" or "disqus". */
  root: string
  /** Depth of the elements handed to onRecord as whole trees: 1 = children of the root. */
  recordDepth: number
  /** Canonical names of the ancestors a record must sit under (e.g. ["rss", "channel"]). */
  recordPath: string[]
  onRecord: (node: XmlNode) => void
  /**
   * Names of a record's children handed to onChildRecord as their own trees when they close, and
   * left out of the record's children (a post's wp:comment): a post with 100,000 comments is then
   * 100,000 small records, not one tree of the whole conversation.
   */
  childRecords?: string[]
  onChildRecord?: (node: XmlNode) => void
  /** Text of elements above record depth (channel title, wxr_version...), by path like "channel/wp:wxr_version". */
  onHeader?: (path: string, value: string) => void
  maxBytes?: number
  onProgress?: (bytesRead: number, total: number) => void
}

export interface ReadResult {
  /** Every namespace the file declares, by prefix (first binding wins; "" is a default namespace). */
  bindings: Map<string, string>
}

/**
 * Streams an XML file through saxes (a conforming, non-validating parser), handing each record element
 * to `onRecord` as a small tree. Memory is bounded by the largest record, not the file. Any syntax
 * problem becomes an ImportError naming the file and line.
 */
export async function readXmlRecords(file: string, options: ReadOptions): Promise<ReadResult> {
  const label = basename(file)
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  let size: number
  try {
    const info = await stat(file)
    if (!info.isFile()) throw new ImportError(`${file}: is not a file`)
    size = info.size
  } catch (error) {
    if (error instanceof ImportError) throw error
    throw new ImportError(
      `${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    )
  }
  if (size > maxBytes) {
    throw new ImportError(
      `${label}: the file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit; nothing was imported (raise it with --max-size <MB> if the file is really an export)`,
    )
  }
  if (size === 0) throw new ImportError(`${label}: line 1: the file is empty, not an XML export`)

  const parser = new SaxesParser({ xmlns: true, position: true })
  const stack: XmlNode[] = []
  /** The child record being read (see ReadOptions.childRecords), kept out of its parent's tree. */
  let childRecord: XmlNode | undefined
  const path: string[] = []
  let failure: ImportError | undefined
  const fail = (message: string, line = parser.line) => {
    failure ??= new ImportError(`${label}: line ${line}: ${message}`)
  }

  const bindings = new Map<string, string>()
  let sawRoot = false
  let opening = ''
  const openLines: number[] = []
  parser.on('error', (error) => {
    // saxes prefixes its messages with "line:column: "; the line goes in front in our own words.
    const message = error.message.replace(/^\d+:\d+: /, '')
    if (!sawRoot) {
      fail(
        `this is not XML: it does not start with an element (it begins ${JSON.stringify(opening.trim().slice(0, 40))})`,
        1,
      )
    } else if (message.startsWith('unclosed tag') && openLines.length > 0) {
      // saxes notices only at the end; the useful line is where the unclosed element began.
      const name = path.at(-1) ?? message.slice('unclosed tag: '.length)
      fail(
        `<${name}> opened here is never closed: the file is truncated, or broken near here (an unescaped "&" or "<"?)`,
        openLines.at(-1),
      )
    } else fail(message)
  })
  // A start tag can span lines (the root's namespace list); messages name the line where it begins.
  let tagLine = 1
  parser.on('opentagstart', () => {
    tagLine = parser.line
  })
  parser.on('opentag', (tag: SaxesTagNS) => {
    const name = prefixFor(tag.uri) + tag.local
    const depth = path.length
    for (const [prefix, uri] of Object.entries(tag.ns ?? {}))
      if (!bindings.has(prefix)) bindings.set(prefix, uri)
    sawRoot = true
    openLines.push(tagLine)
    if (depth === 0 && name !== options.root) {
      fail(
        `the root element is <${tag.name}>, expected <${options.root}>: this is not the right kind of export`,
        tagLine,
      )
    }
    path.push(name)
    const inRecord = stack.length > 0
    const isRecord =
      !inRecord &&
      depth === options.recordDepth &&
      options.recordPath.every((p, i) => path[i] === p)
    if (inRecord || isRecord) {
      const attrs: Record<string, string> = {}
      for (const attr of Object.values(tag.attributes))
        attrs[prefixFor(attr.uri) + attr.local] = attr.value
      const node: XmlNode = { name, attrs, text: '', children: [], line: tagLine }
      if (stack.length === 1 && options.childRecords?.includes(name)) childRecord = node
      else stack.at(-1)?.children.push(node)
      stack.push(node)
    }
  })
  const addText = (value: string) => {
    const node = stack.at(-1)
    if (node) node.text += value
    else if (value.trim() && path.length > 0) headerText += value
  }
  let headerText = ''
  parser.on('text', addText)
  parser.on('cdata', addText)
  const deliver = (handler: ((node: XmlNode) => void) | undefined, node: XmlNode) => {
    try {
      handler?.(node)
    } catch (error) {
      if (error instanceof ImportError) failure ??= error
      else throw error
    }
  }
  parser.on('closetag', () => {
    const node = stack.pop()
    if (node && node === childRecord) {
      childRecord = undefined
      if (!failure) deliver(options.onChildRecord, node)
    } else if (node && stack.length === 0 && !failure) {
      deliver(options.onRecord, node)
    } else if (!node && headerText) {
      options.onHeader?.(path.slice(1).join('/'), headerText)
    }
    if (!node) headerText = ''
    path.pop()
    openLines.pop()
  })

  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 256 * 1024 })
  let bytes: number
  for await (const chunk of stream as AsyncIterable<string>) {
    bytes = stream.bytesRead
    if (bytes > maxBytes) {
      stream.destroy()
      throw new ImportError(
        `${label}: the file is over the ${formatBytes(maxBytes)} limit; nothing was imported`,
      )
    }
    if (!opening) opening = chunk.slice(0, 200)
    parser.write(chunk)
    if (failure) {
      stream.destroy()
      throw failure
    }
    options.onProgress?.(bytes, size)
  }
  parser.close()
  if (!failure && path.length > 0) fail(`the file ends inside <${path.at(-1)}>: it is truncated`)
  if (failure) throw failure
  return { bindings }
}
