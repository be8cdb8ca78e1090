import { describe, expect, it } from 'vitest'
import { keyedHash, randomId, secretsEqual, signToken, verifyToken } from '../../src/lib/crypto'

const secret = 'a-test-secret-made-for-this-file'

describe('signed tokens', () => {
  it('round-trip their payload until they expire', async () => {
    const now = Date.now()
    const token = await signToken(secret, 'preview', { id: 'abc' }, 60, now)
    expect(await verifyToken(secret, 'preview', token, now)).toMatchObject({ id: 'abc' })
    expect(await verifyToken(secret, 'preview', token, now + 61_000)).toBeNull()
  })

  it('do not verify for another purpose or another secret', async () => {
    const token = await signToken(secret, 'preview', { id: 'abc' }, 60)
    expect(await verifyToken(secret, 'session', token)).toBeNull()
    expect(await verifyToken(`${secret}-other`, 'preview', token)).toBeNull()
  })

  it('reject tampering and junk', async () => {
    const token = await signToken(secret, 'preview', { id: 'abc' }, 60)
    const [body, mac] = token.split('.') as [string, string]
    const forgedBody = btoa(JSON.stringify({ id: 'other', exp: 9e9 })).replace(/=+$/, '')
    for (const bad of [
      `${forgedBody}.${mac}`,
      `${body}.${mac.slice(0, -2)}AA`,
      `${body}.`,
      body,
      `${token}.x`,
      '',
      '...',
      'ü.ü',
      'a'.repeat(5000),
    ]) {
      expect(await verifyToken(secret, 'preview', bad), bad.slice(0, 40)).toBeNull()
    }
  })
})

describe('keyedHash and ids', () => {
  it('is stable per purpose and differs across purposes', async () => {
    expect(await keyedHash(secret, 'ip', '203.0.113.9')).toBe(
      await keyedHash(secret, 'ip', '203.0.113.9'),
    )
    expect(await keyedHash(secret, 'ip', '203.0.113.9')).not.toBe(
      await keyedHash(secret, 'email', '203.0.113.9'),
    )
    expect(await keyedHash(secret, 'ip', '203.0.113.9')).not.toContain('203')
  })

  it('makes distinct 128-bit ids', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => randomId()))
    expect(ids.size).toBe(1000)
    expect([...ids][0]).toMatch(/^[A-Za-z0-9_-]{22}$/)
  })

  it('compares secrets of any length', async () => {
    expect(await secretsEqual('same-token', 'same-token')).toBe(true)
    expect(await secretsEqual('same-token', 'same-tokeN')).toBe(false)
    expect(await secretsEqual('same-token', 'same-token-longer')).toBe(false)
    expect(await secretsEqual('', 'x')).toBe(false)
  })
})
