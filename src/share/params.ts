/**
 * The share routes' params and query, as valibot schemas (parsed with `parseOr` at the top of each
 * route). Each refusal is one message that names the field; the status is the route's (404 for what
 * cannot exist, 400 for a malformed option).
 */
import * as v from 'valibot'
import { findEssay } from '../content/catalog'
import type { Essay } from '../content/types'
import { type DirectNetwork, isNetwork } from './networks'

/** `:slug`: an essay that exists. Anything else, malformed or not, cannot be shared (404). */
export const sharedEssay = v.pipe(
  v.string(),
  v.rawTransform<string, Essay>(({ dataset, addIssue, NEVER }) => {
    const essay = findEssay(dataset.value)
    if (essay) return essay
    addIssue({ message: 'slug: there is no essay with this slug.' })
    return NEVER
  }),
)

/** `:network` of a direct share link (404 otherwise); Mastodon has its own route, the picker. */
export const directNetwork = v.custom<DirectNetwork>(
  (value) => typeof value === 'string' && isNetwork(value) && value !== 'mastodon',
  'network: there is no such share network.',
)

/** `?utm=1` tags the shared URL with utm_source/utm_medium; absent or 0 leaves it clean. */
export const utmFlag = v.pipe(
  v.optional(v.picklist(['0', '1'], 'utm: use 1 to add UTM parameters, or leave it out.'), '0'),
  v.transform((value) => value === '1'),
)
