import type { Tag } from '../content/catalog'
import { site } from '../generated/content'
import { tagPath, tagsPath } from '../lib/urls'
import { Layout } from '../views/layout'

const essayCount = (count: number) => `${count} ${count === 1 ? 'essay' : 'essays'}`

/** `/tags`: every tag with its number of essays, by name. */
export function TagIndexPage(props: { siteUrl: string; tags: readonly Tag[] }) {
  const { siteUrl, tags } = props
  const meta = {
    title: 'Tags',
    description: `Every tag on ${site.title}, with its number of essays.`,
    canonical: siteUrl + tagsPath,
    siteUrl,
  }
  return (
    <Layout meta={meta}>
      <h1>Tags</h1>
      <ul class="tag-index">
        {tags.map((tag) => (
          <li>
            <a href={tagPath(tag.slug)}>{tag.name}</a>{' '}
            <span class="meta">{essayCount(tag.essays.length)}</span>
          </li>
        ))}
      </ul>
      {tags.length === 0 && <p>No tags yet.</p>}
    </Layout>
  )
}
