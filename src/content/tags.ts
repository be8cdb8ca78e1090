import { slugify } from './slugs'

/**
 * Tag slugs: the tag's words as the one slug rule keeps them (src/content/slugs.ts): "Machine
 * Learning" -> "machine-learning", "Ηγεσία" -> "ηγεσία", "Café" -> "café". Computed by the build
 * (scripts/build/content.ts writes the map into src/generated/content.ts); pure, so the worker's
 * tests can build their own map.
 */

/** FNV-1a over the UTF-16 code units: a short stable name for a tag with no letters or digits. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/**
 * The slug of one tag's display text. A tag with no letters or digits in any script (an emoji, "++")
 * gets "tag-" and a hash of its text, so it still has a page.
 */
export function tagSlug(text: string): string {
  return slugify(text) || `tag-${shortHash(text.normalize('NFC'))}`
}

/** Two spellings are the same tag when they differ only in case, spaces, hyphens or underscores. */
const sameTag = (a: string, b: string) => {
  const plain = (text: string) => text.normalize('NFKC').toLowerCase().split(/[\s_-]+/).join(' ')
  return plain(a) === plain(b)
}

/** Two different tags whose texts make the same slug ("C++" and "C#" are both "c"). */
export class TagSlugClash extends Error {
  constructor(
    readonly tag: string,
    readonly other: string,
    readonly slug: string,
  ) {
    super(
      `${JSON.stringify(tag)} and ${JSON.stringify(other)} both make the tag address "${slug}": rename one`,
    )
    this.name = 'TagSlugClash'
  }
}

/**
 * Every tag's display text -> its slug, over essays newest first. Spellings of the same tag share
 * a slug; different tags that would share one throw `TagSlugClash`.
 */
export function tagSlugsOf(
  essays: ReadonlyArray<{ tags: readonly string[] }>,
): Array<[text: string, slug: string]> {
  // Pairs, not an object: a tag called "__proto__" must stay a tag in the generated module too.
  const slugs = new Map<string, string>()
  const firstText = new Map<string, string>()
  for (const essay of essays) {
    for (const tag of essay.tags) {
      if (slugs.has(tag)) continue
      const slug = tagSlug(tag)
      const other = firstText.get(slug)
      if (other === undefined) firstText.set(slug, tag)
      else if (!sameTag(tag, other)) throw new TagSlugClash(tag, other, slug)
      slugs.set(tag, slug)
    }
  }
  return [...slugs]
}
