import type { CommentConfig } from './config'
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
  return (text.match(/https?:\/\//gi)?.length ?? 0) + (text.match(/<a\s[^>]*href/gi)?.length ?? 0)
}

/** Words from the list found (case-insensitive substring, like WordPress) in any field the author controls. */
export function matchWords(words: string[], haystacks: (string | null | undefined)[]): string[] {
  if (words.length === 0) return []
  const text = haystacks.filter(Boolean).join('\n').toLowerCase()
  return words.filter((word) => text.includes(word))
}

export function classify(input: CommentInput, extra: { userAgent?: string | null }, config: CommentConfig): { verdict: Verdict; signals: SpamSignals } {
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
