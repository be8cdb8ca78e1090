/**
 * "Share This": plain same-origin links (/share/:slug/:network) that work without JavaScript
 * and reach no network until clicked, plus "Copy link" and "Share…" buttons that start hidden
 * and are revealed by src/client/share.js only where the browser supports them.
 */
import { scripts } from '../generated/content'
import { ShareIcon } from './icons'
import { t } from '../views/i18n'
import { NETWORK_NAMES, NETWORKS, type Network } from './networks'
import { sharePath } from './paths'

/** The enhancement script (built from src/client/share.js; the CSP allows it by hash), for EssayPage's `scripts`. */
export const shareScripts: string[] = scripts.share ? [scripts.share.code] : []

/** "Share on X" in the site's language (networks.ts keeps the English one for other uses). */
const shareLabel = (network: Network) =>
  network === 'email' ? t().shareByEmail : t().shareOn({ network: NETWORK_NAMES[network] })

export function ShareBlock(props: { slug: string; title: string; url: string }) {
  // The script's statuses are worded here, so share.js stays free of any language.
  return (
    <div
      class="share-block"
      data-share-url={props.url}
      data-share-title={props.title}
      data-share-copied={t().linkCopied}
      data-share-copy-failed={t().linkNotCopied}
    >
      <ul class="share-links">
        {NETWORKS.map((network) => (
          <li>
            <a
              href={sharePath(props.slug, network)}
              rel="nofollow noopener"
              aria-label={shareLabel(network)}
            >
              <ShareIcon name={network} />
              <span>{network === 'email' ? t().networkEmail : NETWORK_NAMES[network]}</span>
            </a>
          </li>
        ))}
        <li hidden>
          <button type="button" class="secondary" data-share-copy hidden>
            <ShareIcon name="copy" />
            <span>{t().copyLink}</span>
          </button>
        </li>
        <li hidden>
          <button type="button" class="secondary" data-share-native hidden>
            <ShareIcon name="native" />
            <span>{t().shareNative}</span>
          </button>
        </li>
      </ul>
      <p class="note" role="status" data-share-status></p>
    </div>
  )
}
