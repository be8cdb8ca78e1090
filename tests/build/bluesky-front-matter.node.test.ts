import { describe, expect, it } from 'vitest'
import { ContentError, parseEssay } from '../../scripts/build/essay.ts'
import { parseBlueskyPost } from '../../src/content/bluesky.ts'

const front = (bluesky?: string) =>
  `---\ntitle: T\nslug: t\ndate: 2024-02-03\ndescription: D\n${bluesky === undefined ? '' : `bluesky: "${bluesky}"\n`}---\n\nBody.\n`

describe('front matter `bluesky:`', () => {
  it('reaches the catalogue as written, for a bsky.app URL or an at:// URI', () => {
    const url = 'https://bsky.app/profile/essayist.bsky.social/post/3kabc2xyz'
    expect(parseEssay('a.md', front(url), { author: 'A' }).bluesky).toBe(url)
    const at = 'at://did:plc:abc123/app.bsky.feed.post/3kabc2xyz'
    expect(parseEssay('a.md', front(at), { author: 'A' }).bluesky).toBe(at)
    expect(parseEssay('a.md', front(), { author: 'A' })).not.toHaveProperty('bluesky')
  })

  it('refuses anything else, naming the file and field', () => {
    for (const bad of [
      'https://bsky.app/profile/essayist.bsky.social',
      'https://evil.example/profile/x.bsky.social/post/3k',
      'at://did:plc:abc/app.bsky.feed.like/3k',
      'http://bsky.app/profile/a.b/post/3k',
      'https://bsky.app/profile/nodot/post/3k',
    ]) {
      expect(() => parseEssay('a.md', front(bad), { author: 'A' }), bad).toThrow(ContentError)
      expect(() => parseEssay('a.md', front(bad), { author: 'A' }), bad).toThrow(/a\.md: bluesky:/)
    }
  })

  it('parses the actor and record key', () => {
    expect(parseBlueskyPost('https://bsky.app/profile/did:plc:xyz/post/3kq')).toEqual({
      actor: 'did:plc:xyz',
      rkey: '3kq',
    })
    expect(parseBlueskyPost('at://alice.example.com/app.bsky.feed.post/3kq')).toEqual({
      actor: 'alice.example.com',
      rkey: '3kq',
    })
  })
})
