import type { Tag } from '../content/catalog'
import { site } from '../generated/content'
import { tagPath, tagsPath } from '../lib/urls'
import { formatNumber, t } from '../views/i18n'
import { Layout } from '../views/layout'

const essayCount = (count: number) => t().essayCount({ count, countText: formatNumber(count) })

/** `/tags`: every tag with its number of essays, by name. */
export function TagIndexPage(props: { siteUrl: string; tags: readonly Tag[] }) {
  const { siteUrl, tags } = props
  const meta = {
    title: t().tagsTitle,
    description: t().tagsDescription({ site: site.title }),
    canonical: siteUrl + tagsPath,
    siteUrl,
  }
  return (
    <Layout meta={meta}>
      <h1>{t().tagsTitle}</h1>
      <ul class="tag-index">
        {tags.map((tag) => (
          <li>
            <a href={tagPath(tag.slug)}>{tag.name}</a>{' '}
            <span class="meta">{essayCount(tag.essays.length)}</span>
          </li>
        ))}
      </ul>
      {tags.length === 0 && <p>{t().noTags}</p>}
    </Layout>
  )
}
