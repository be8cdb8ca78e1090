import type { Context } from 'hono'
import type { CommentSlots } from '../comments/slots'
import { config } from '../config'
import type { Essay } from '../content/types'
import type { AppEnv } from '../env'
import { responsesSlot } from '../responses/slot'
import { essaySubscribeSlot } from '../mail/slot'
import { ShareBlock, shareScripts } from '../share/share-block'
import { webmentionPath } from '../lib/urls'
import { EssayPage } from './pages'
import { essayMeta } from './seo'

/**
 * The essay page with every feature's part, as HTML text. The comment form's token slot is still
 * empty: the page is shared (cached) like this, and each response fills it (`forThisView`).
 */
export async function essayHtml(
  c: Context<AppEnv>,
  essay: Essay,
  slots: CommentSlots,
): Promise<string> {
  const meta = essayMeta(config(c.env).siteUrl, essay)
  const responses = responsesSlot(c, essay.slug, slots.companionResults[0])
  const page = (
    <EssayPage
      meta={{
        ...meta,
        head: (
          <>
            {slots.head}
            <link rel="webmention" href={config(c.env).siteUrl + webmentionPath} />
            <link rel="alternate" type="application/activity+json" href={meta.canonical} />
          </>
        ),
      }}
      essay={essay}
      comments={
        <>
          {responses}
          {slots.comments}
        </>
      }
      respond={
        <>
          {slots.respond}
          {essaySubscribeSlot(c, essay.slug)}
        </>
      }
      commentCount={slots.count}
      share={<ShareBlock slug={essay.slug} title={essay.title} url={meta.canonical} />}
      scripts={shareScripts}
    />
  )
  return String(await page.toString())
}
