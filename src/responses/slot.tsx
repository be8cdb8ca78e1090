import type { Context } from 'hono'
import type { AppEnv } from '../env'
import { describeError, log } from '../lib/log'
import { isHttpUrl } from '../lib/schema'
import { formatNumber, t } from '../views/i18n'
import { readResponses, responsesStatement, type EssayResponses, type ResponseItem } from './store'

/**
 * The "Responses" block under an essay (src/essays renders it; essays → responses, one way): how
 * many responses the essay has, and who liked, reposted or mentioned it, names linked to their
 * profiles. No avatars: a reader's browser never loads anything from the responders' sites.
 */

/** The statement the essay page adds to its one D1 round trip (the comments' batch). */
export const responsesCompanion = (slug: string) => (db: Pick<D1Database, 'prepare'>) => [
  responsesStatement(db, slug),
]

/**
 * The block from what the companion statement answered; nothing when it did not run (D1 failed
 * while a refused form was shown again: the essay and the reader's text matter more).
 */
export function responsesSlot(c: Context<AppEnv>, slug: string, result: D1Result | undefined) {
  if (!result) return null
  let data: EssayResponses
  try {
    data = readResponses(result.results ?? [])
  } catch (error) {
    log(c, 'error', 'responses could not be read', { slug, error: describeError(error) })
    return null
  }
  return <Responses data={data} />
}

export function Responses(props: { data: EssayResponses }) {
  const { items, total, bluesky, likes, reposts } = props.data
  if (total === 0 && items.length === 0 && !bluesky) return null
  const m = t()
  const said = { like: m.respondedLike, repost: m.respondedRepost, mention: m.respondedMention }
  return (
    <section class="responses" id="responses" aria-labelledby="responses-title">
      <h2 id="responses-title">{m.responsesTitle}</h2>
      <p class="responses-count">
        {m.responsesCount({ count: total, countText: formatNumber(total) })}
      </p>
      {(likes > 0 || reposts > 0) && (
        <p class="response-counts">
          {m.likesAndBoosts({
            likes,
            likesText: formatNumber(likes),
            boosts: reposts,
            boostsText: formatNumber(reposts),
          })}
        </p>
      )}
      {bluesky && (
        <p class="bluesky-counts">
          {m.onBluesky({
            likes: formatNumber(bluesky.likes),
            reposts: formatNumber(bluesky.reposts),
          })}
        </p>
      )}
      {items.length > 0 && (
        <ul class="responses-list">
          {items.map((item) => (
            <li class={`response response-${item.kind}`}>
              <Author item={item} /> {said[item.kind]}
              {item.url && isHttpUrl(item.url) && (
                <>
                  {' '}
                  (
                  <a href={item.url} rel="nofollow ugc">
                    {new URL(item.url).hostname}
                  </a>
                  )
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function Author(props: { item: ResponseItem }) {
  const name = props.item.author_name || props.item.author_url || '?'
  const url = props.item.author_url
  return url && isHttpUrl(url) ? (
    <a class="response-author" href={url} rel="nofollow ugc">
      {name}
    </a>
  ) : (
    <span class="response-author">{name}</span>
  )
}
