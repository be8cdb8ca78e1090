/** Reading a Disqus export (Admin > Moderate > Export: the emailed .xml): threads and posts, streamed. */
import { ImportError } from './errors.ts'
import { decodeInline } from './html.ts'
import { child, readXmlRecords, text, type XmlNode } from './xml-reader.ts'

export interface DisqusThread {
  id: string
  identifier: string
  link: string
  title: string
  line: number
}

export interface DisqusPost {
  id: string
  threadId: string
  parentId: string
  message: string
  createdAt: string
  isDeleted: boolean
  isSpam: boolean
  name: string
  email: string
  username: string
  ip: string
  line: number
}

const truthy = (value: string) => value.trim().toLowerCase() === 'true'

/** Streams a Disqus export (Admin > Moderate > Export: the emailed .xml), record by record. */
export async function streamDisqus(
  file: string,
  options: {
    maxBytes?: number
    onProgress?: (read: number, total: number) => void
    onThread: (thread: DisqusThread) => void
    onPost: (post: DisqusPost) => void
  },
): Promise<void> {
  await readXmlRecords(file, {
    root: 'disqus',
    recordDepth: 1,
    recordPath: ['disqus'],
    maxBytes: options.maxBytes,
    onProgress: options.onProgress,
    onRecord: (node: XmlNode) => {
      if (node.name === 'thread') {
        const id = node.attrs['dsq:id']
        if (!id)
          throw new ImportError(`${file}: line ${node.line}: <thread> has no dsq:id attribute`)
        options.onThread({
          id,
          identifier: text(node, 'id').trim(),
          link: text(node, 'link').trim(),
          title: decodeInline(text(node, 'title')),
          line: node.line,
        })
      } else if (node.name === 'post') {
        const author = child(node, 'author')
        options.onPost({
          id: node.attrs['dsq:id'] ?? '',
          threadId: child(node, 'thread')?.attrs['dsq:id'] ?? '',
          parentId: child(node, 'parent')?.attrs['dsq:id'] ?? '',
          message: text(node, 'message'),
          createdAt: text(node, 'createdAt'),
          isDeleted: truthy(text(node, 'isDeleted')),
          isSpam: truthy(text(node, 'isSpam')),
          name: author ? text(author, 'name') : '',
          email: author ? text(author, 'email') : '',
          username: author ? text(author, 'username') : '',
          ip: text(node, 'ipAddress').trim(),
          line: node.line,
        })
      }
    },
  })
}

/** A whole Disqus export in memory (small files and tests; the import streams). */
export async function readDisqus(
  file: string,
  options: { maxBytes?: number; onProgress?: (read: number, total: number) => void } = {},
) {
  const threads = new Map<string, DisqusThread>()
  const posts: DisqusPost[] = []
  await streamDisqus(file, {
    ...options,
    onThread: (thread) => threads.set(thread.id, thread),
    onPost: (post) => posts.push(post),
  })
  return { threads, posts }
}
