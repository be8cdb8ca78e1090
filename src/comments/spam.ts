import type { CommentSettings } from '../config'
import type { CommentInput } from './validate'

/** What the rules decided before the database had its say ("hold-first" is settled inside the insert). */
export type Verdict = 'approved' | 'pending' | 'spam' | 'hold-first'

/** The decisive signals, stored as JSON for moderators (never shown publicly). */
export interface SpamSignals {
  links?: number
  words?: string[]
  blocked?: string[]
  policy?: string
}

/** Bare http(s) URLs plus HTML anchors, as WordPress counts links. */
export function countLinks(text: string): number {
  return (text.match(/https?:\/\//gi)?.length ?? 0) + countAnchors(text.toLowerCase())
}

const SPACE = /\s/

/**
 * How many times /<a\s[^>]*href/gi matches, in one pass. The regex itself is quadratic: on a body of
 * repeated "<a " with no ">" every attempt scans to the end (2.5 s per request once). Here the next
 * "href" and the next ">" are each found once and only ever move forward. Like the regex's greedy
 * [^>]*, a match runs to the last "href" before the next ">", so counting resumes at that ">".
 */
function countAnchors(lower: string): number {
  let count = 0
  let nextHref = -1
  let nextClose = -1
  let at = lower.indexOf('<a')
  while (at !== -1 && at + 2 < lower.length) {
    const from = at + 3
    if (SPACE.test(lower[at + 2]!)) {
      if (nextHref < from) nextHref = lower.indexOf('href', from)
      if (nextHref === -1) break
      if (nextClose !== Infinity && nextClose < from) nextClose = lower.indexOf('>', from)
      if (nextClose === -1) nextClose = Infinity
      if (nextHref < nextClose) {
        count++
        if (nextClose === Infinity) break
        at = lower.indexOf('<a', nextClose)
        continue
      }
    }
    at = lower.indexOf('<a', at + 1)
  }
  return count
}

/** Words from the list found (case-insensitive substring, like WordPress) in any field the author controls. */
export function matchWords(words: string[], haystacks: (string | null | undefined)[]): string[] {
  if (words.length === 0) return []
  const text = haystacks.filter(Boolean).join('\n').toLowerCase()
  return words.filter((word) => text.includes(word))
}

export function classify(
  input: CommentInput,
  extra: { userAgent?: string | null },
  config: CommentSettings,
): { verdict: Verdict; signals: SpamSignals } {
  const fields = [input.name, input.email, input.website, input.body, extra.userAgent]
  const blocked = matchWords(config.blockWords, fields)
  if (blocked.length) return { verdict: 'spam', signals: { blocked } }

  const signals: SpamSignals = {}
  const links = countLinks(input.body)
  if (config.maxLinks > 0 && links >= config.maxLinks) signals.links = links
  const words = matchWords(config.moderationWords, fields)
  if (words.length) signals.words = words
  if (signals.links !== undefined || signals.words) return { verdict: 'pending', signals }

  if (config.policy === 'open') return { verdict: 'approved', signals }
  signals.policy = config.policy
  return { verdict: config.policy === 'hold-first' ? 'hold-first' : 'pending', signals }
}
