/**
 * An essay's rendered HTML (trusted: the build made it from the author's Markdown) as the plain text the
 * index holds. One pass over the characters: tags become a space (so "</p><p>" separates words), the
 * entities markdown-it writes are decoded, whitespace runs collapse. The worker derives this only when
 * the essay index is reloaded, so the bundle carries no second copy of every essay.
 */

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
}

function decodeEntity(name: string): string | null {
  if (name.startsWith('#x') || name.startsWith('#X')) {
    const code = Number.parseInt(name.slice(2), 16)
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : null
  }
  if (name.startsWith('#')) {
    const code = Number.parseInt(name.slice(1), 10)
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : null
  }
  return NAMED[name] ?? null
}

const isSpace = (char: string) => char === ' ' || char === '\n' || char === '\t' || char === '\r'

export function htmlToText(html: string): string {
  const out: string[] = []
  let pendingSpace = false
  const push = (text: string) => {
    if (pendingSpace && out.length > 0) out.push(' ')
    pendingSpace = false
    out.push(text)
  }
  let i = 0
  while (i < html.length) {
    const char = html[i]!
    if (char === '<') {
      const end = html.indexOf('>', i)
      if (end === -1) break
      pendingSpace = true
      i = end + 1
    } else if (char === '&') {
      const end = html.indexOf(';', i)
      const decoded = end !== -1 && end - i <= 10 ? decodeEntity(html.slice(i + 1, end)) : null
      if (decoded === null) {
        push('&')
        i++
      } else {
        push(decoded)
        i = end + 1
      }
    } else if (isSpace(char)) {
      pendingSpace = true
      i++
    } else {
      push(char)
      i++
    }
  }
  return out.join('')
}
