/**
 * The blog's RSA key pair and remote public keys, all through WebCrypto (RSASSA-PKCS1-v1_5 with
 * SHA-256, which is what Mastodon's `rsa-sha256` and `hs2019` mean in practice). No RSA by hand.
 */

const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const

export interface LocalKeys {
  privateKey: CryptoKey
  publicKeyPem: string
}

function pemBody(pem: string, label: string): Uint8Array | null {
  const begin = `-----BEGIN ${label}-----`
  const end = `-----END ${label}-----`
  const start = pem.indexOf(begin)
  const stop = pem.indexOf(end)
  if (start < 0 || stop < start) return null
  const base64 = pem.slice(start + begin.length, stop).replace(/\s/g, '')
  try {
    const binary = atob(base64)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return null
  }
}

export function toBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)
  let binary = ''
  for (let i = 0; i < view.length; i += 0x8000) {
    binary += String.fromCharCode(...view.subarray(i, i + 0x8000))
  }
  return btoa(binary)
}

export function fromBase64(text: string): Uint8Array | null {
  try {
    const binary = atob(text)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return bytes
  } catch {
    return null
  }
}

export function toPem(der: ArrayBuffer, label: string): string {
  const lines = toBase64(der).match(/.{1,64}/g) ?? []
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`
}

const local = new Map<string, Promise<LocalKeys>>()

/** The private key and its public half as PEM, derived once per isolate from the secret. */
export function localKeys(privateKeyPem: string): Promise<LocalKeys> {
  let found = local.get(privateKeyPem)
  if (!found) {
    found = deriveKeys(privateKeyPem)
    local.set(privateKeyPem, found)
    found.catch(() => local.delete(privateKeyPem))
  }
  return found
}

async function deriveKeys(pem: string): Promise<LocalKeys> {
  const der = pemBody(pem, 'PRIVATE KEY')
  if (!der) throw new Error('FEDIVERSE_PRIVATE_KEY is not a PKCS#8 PEM key')
  // Extractable only so the public half (n, e) can be read from it; the key never leaves the isolate.
  const privateKey = await crypto.subtle.importKey('pkcs8', der, RSA, true, ['sign'])
  const jwk = (await crypto.subtle.exportKey('jwk', privateKey)) as JsonWebKey
  const publicKey = await crypto.subtle.importKey(
    'jwk',
    { kty: 'RSA', n: jwk.n, e: jwk.e, alg: 'RS256', ext: true },
    RSA,
    true,
    ['verify'],
  )
  const spki = (await crypto.subtle.exportKey('spki', publicKey)) as ArrayBuffer
  return { privateKey, publicKeyPem: toPem(spki, 'PUBLIC KEY') }
}

/** A remote actor's `publicKeyPem` as a verify key, or null when it is not an RSA SPKI key. */
export async function importPublicKey(pem: string): Promise<CryptoKey | null> {
  const der = pemBody(pem, 'PUBLIC KEY')
  if (!der) return null
  try {
    return await crypto.subtle.importKey('spki', der, RSA, false, ['verify'])
  } catch {
    return null
  }
}

export async function signBytes(key: CryptoKey, data: string): Promise<string> {
  const signature = await crypto.subtle.sign(RSA, key, new TextEncoder().encode(data))
  return toBase64(signature)
}

export async function verifyBytes(key: CryptoKey, signature: Uint8Array, data: string) {
  return crypto.subtle.verify(RSA, key, signature, new TextEncoder().encode(data))
}

export async function sha256Base64(body: Uint8Array | string): Promise<string> {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body
  return toBase64(await crypto.subtle.digest('SHA-256', bytes))
}
