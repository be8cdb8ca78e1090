import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { getConfig } from '../config'
import { serveEssayPage, type CommentSlots } from '../comments/page'
import type { AppEnv } from '../env'
import { site } from '../generated/content'
import { CACHE_SECONDS, publicCache } from '../lib/cache'
import { ShareBlock, shareScripts } from '../share/share-block'
import { findEssay, listEssays } from '../content/catalog'
import { EssayPage, IndexPage } from './pages'
import { essayMeta } from './seo'
import type { Essay } from '../content/types'

/** The essay page with every feature's slots; the comment form's error re-render uses it too. */
export function renderEssayPage(c: Context<AppEnv>, essay: Essay, slots: CommentSlots) {
  const meta = essayMeta(getConfig(c.env).siteUrl, essay)
  return (
    <EssayPage
      meta={{ ...meta, head: slots.head }}
      essay={essay}
      comments={slots.comments}
      respond={slots.respond}
      share={<ShareBlock slug={essay.slug} title={essay.title} url={meta.canonical} />}
      scripts={shareScripts}
    />
  )
}

export const essayRoutes = new Hono<AppEnv>()
  .get('/', (c) => {
    const { siteUrl } = getConfig(c.env)
    publicCache(c, CACHE_SECONDS.page)
    return c.html(
      <IndexPage
        meta={{
          title: site.title,
          description: site.description,
          canonical: `${siteUrl}/`,
          siteUrl,
        }}
        essays={listEssays().filter((essay) => !essay.page)}
      />,
    )
  })
  .get('/essays/:slug', (c) => {
    const essay = findEssay(c.req.param('slug'))
    if (!essay) throw new HTTPException(404, { message: 'There is no essay at this address.' })
    // Comments, form, Cache API and Cache-Control: src/comments/page.tsx.
    return serveEssayPage(c, essay, renderEssayPage)
  })
