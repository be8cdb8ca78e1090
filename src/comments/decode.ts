/**
 * Strict request decoding: a comment must arrive as valid UTF-8. Lenient decoding would turn
 * bad bytes into U+FFFD and store a text the reader never sent, so these answer null instead.
 */
const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export function utf8(bytes: ArrayBuffer | Uint8Array): string | null {
  try {
    return strict.decode(bytes)
  } catch {
    return null
  }
}

/** application/x-www-form-urlencoded with every %-escape checked as UTF-8. Repeated keys: the last wins. */
export function parseUrlEncoded(body: string): Record<string, string> | null {
  const fields: Record<string, string> = {}
  for (const pair of body.split('&')) {
    if (!pair) continue
    const at = pair.indexOf('=')
    const name = percentDecode(at < 0 ? pair : pair.slice(0, at))
    const value = percentDecode(at < 0 ? '' : pair.slice(at + 1))
    if (name === null || value === null) return null
    fields[name] = value
  }
  return fields
}

function percentDecode(text: string): string | null {
  const plus = text.replace(/\+/g, ' ')
  if (!plus.includes('%')) return plus
  const bytes: number[] = []
  const encoder = new TextEncoder()
  for (let i = 0; i < plus.length; i++) {
    const char = plus[i]!
    if (char === '%' && /^[0-9A-Fa-f]{2}$/.test(plus.slice(i + 1, i + 3))) {
      bytes.push(parseInt(plus.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      // Anything else (a stray %, plain text) is kept as its UTF-8 bytes, like URLSearchParams does.
      const code = plus.codePointAt(i)!
      const piece = String.fromCodePoint(code)
      bytes.push(...encoder.encode(piece))
      i += piece.length - 1
    }
  }
  return utf8(new Uint8Array(bytes))
}
