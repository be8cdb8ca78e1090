/**
 * "Share This": plain same-origin links (/share/:slug/:network) that work without JavaScript
 * and reach no network until clicked, plus "Copy link" and "Share…" buttons that start hidden
 * and are revealed by src/client/share.js only where the browser supports them.
 */
import { scripts } from '../generated/content'
import { ShareIcon } from './icons'
import { NETWORK_NAMES, NETWORKS, shareLabel } from './networks'
import { sharePath } from './paths'

/** The enhancement script (built from src/client/share.js; the CSP allows it by hash), for EssayPage's `scripts`. */
export const shareScripts: string[] = scripts.share ? [scripts.share.code] : []

export function ShareBlock(props: { slug: string; title: string; url: string }) {
  return (
    <div class="share-block" data-share-url={props.url} data-share-title={props.title}>
      <ul class="share-links">
        {NETWORKS.map((network) => (
          <li>
            <a
              href={sharePath(props.slug, network)}
              rel="nofollow noopener"
              aria-label={shareLabel(network)}
            >
              <ShareIcon name={network} />
              <span>{NETWORK_NAMES[network]}</span>
            </a>
          </li>
        ))}
        <li hidden>
          <button type="button" class="secondary" data-share-copy hidden>
            <ShareIcon name="copy" />
            <span>Copy link</span>
          </button>
        </li>
        <li hidden>
          <button type="button" class="secondary" data-share-native hidden>
            <ShareIcon name="native" />
            <span>Share…</span>
          </button>
        </li>
      </ul>
      <p class="note" role="status" data-share-status></p>
    </div>
  )
}
