/**
 * Strict request decoding: what readers and moderators send must be valid UTF-8. Lenient decoding would turn
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

/** application/x-www-form-urlencoded as name/value pairs in order, every %-escape checked as UTF-8. */
export function parseUrlEncoded(body: string): Array<[string, string]> | null {
  const pairs: Array<[string, string]> = []
  for (const pair of body.split('&')) {
    if (!pair) continue
    const at = pair.indexOf('=')
    const name = percentDecode(at < 0 ? pair : pair.slice(0, at))
    const value = percentDecode(at < 0 ? '' : pair.slice(at + 1))
    if (name === null || value === null) return null
    pairs.push([name, value])
  }
  return pairs
}

/** Form pairs as one value per name (the last), and the names sent more than once, so they can be refused. */
export function collectFields(pairs: Iterable<[string, unknown]>): {
  fields: Record<string, unknown>
  repeated: string[]
} {
  const fields: Record<string, unknown> = {}
  const repeated = new Set<string>()
  for (const [name, value] of pairs) {
    if (Object.hasOwn(fields, name)) repeated.add(name)
    fields[name] = value
  }
  return { fields, repeated: [...repeated] }
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
