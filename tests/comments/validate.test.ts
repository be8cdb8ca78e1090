import { describe, expect, it } from 'vitest'
import { byteLength, LIMITS, validateComment } from '../../src/comments/validate'

const base = { name: 'Ada', email: 'ada@example.com', body: 'Hello' }
const errorsOf = (input: Record<string, unknown>) => {
  const result = validateComment({ ...base, ...input })
  return result.ok ? {} : result.errors
}
const valueOf = (input: Record<string, unknown>) => {
  const result = validateComment({ ...base, ...input })
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  return result.value
}

describe('validateComment: each limit at its edge and one past', () => {
  it('name: 245 characters pass, 246 fail, counted in characters (emoji are one each)', () => {
    expect(errorsOf({ name: 'n'.repeat(245) })).toEqual({})
    expect(errorsOf({ name: 'n'.repeat(246) }).name).toMatch(/Name must be at most 245 characters/)
    expect(errorsOf({ name: '😀'.repeat(245) })).toEqual({})
    expect(errorsOf({ name: '😀'.repeat(246) }).name).toMatch(/245/)
  })

  it('name is required; whitespace alone is empty', () => {
    expect(errorsOf({ name: undefined }).name).toBe('Name is required.')
    expect(errorsOf({ name: ' \t\n ' }).name).toBe('Name is required.')
    expect(errorsOf({ name: '\u00a0\u3000' }).name).toBe('Name is required.')
  })

  it('email: 100 characters pass, 101 fail; must look like an address', () => {
    const at100 = `${'a'.repeat(100 - '@example.com'.length)}@example.com`
    expect(at100.length).toBe(100)
    expect(errorsOf({ email: at100 })).toEqual({})
    expect(errorsOf({ email: 'a' + at100 }).email).toMatch(/at most 100/)
    for (const bad of [
      '',
      'plain',
      'a@b',
      'a@@b.com',
      'a b@c.com',
      '@example.com',
      'a@-x.com',
      'a@x_y.com',
    ]) {
      expect(errorsOf({ email: bad }).email, bad).toBeTruthy()
    }
    expect(valueOf({ email: '  Ada@Example.COM ' }).email).toBe('ada@example.com')
  })

  it('website: optional, http(s) only, 200 characters pass, 201 fail', () => {
    const at200 = `https://example.com/${'p'.repeat(200 - 'https://example.com/'.length)}`
    expect(at200.length).toBe(200)
    expect(errorsOf({ website: at200 })).toEqual({})
    expect(errorsOf({ website: at200 + 'p' }).website).toMatch(/at most 200/)
    expect(valueOf({ website: '' }).website).toBeNull()
    expect(valueOf({ website: 'HTTP://Example.com/x' }).website).toBe('HTTP://Example.com/x')
    for (const bad of [
      'javascript:alert(1)',
      'ftp://example.com',
      'example.com',
      'https://',
      'https://exa mple.com',
      'data:text/html,x',
      '//example.com',
    ]) {
      expect(errorsOf({ website: bad }).website, bad).toMatch(/http/)
    }
  })

  it('body: 65,525 bytes pass, 65,526 fail, in UTF-8 bytes after trimming', () => {
    expect(errorsOf({ body: 'b'.repeat(LIMITS.bodyBytes) })).toEqual({})
    expect(errorsOf({ body: 'b'.repeat(LIMITS.bodyBytes + 1) }).body).toMatch(
      /65,525 bytes \(it has 65,526\)/,
    )
    // Trimming happens first: outer whitespace does not count.
    expect(errorsOf({ body: `  \n${'b'.repeat(LIMITS.bodyBytes)}\n  ` })).toEqual({})
    // Multibyte: "é" is 2 bytes, "€" 3, "😀" 4.
    const twoByte = 'é'.repeat(32_762) + 'b' // 65,525 bytes
    expect(byteLength(twoByte)).toBe(65_525)
    expect(errorsOf({ body: twoByte })).toEqual({})
    expect(errorsOf({ body: twoByte + 'b' }).body).toMatch(/65,526/)
    const fourByte = '😀'.repeat(16_381) + 'b' // 65,525 bytes
    expect(byteLength(fourByte)).toBe(65_525)
    expect(errorsOf({ body: fourByte })).toEqual({})
    expect(errorsOf({ body: '😀'.repeat(16_382) }).body).toMatch(/65,528/)
    expect(errorsOf({ body: '€'.repeat(21_842) })).toMatchObject({
      body: expect.stringMatching(/65,526/),
    })
  })

  it('body is required; whitespace alone is empty', () => {
    expect(errorsOf({ body: '' }).body).toBe('Comment is required.')
    expect(errorsOf({ body: ' \n\r\n\t ' }).body).toBe('Comment is required.')
  })

  it('refuses characters XML cannot carry, naming the field', () => {
    for (const bad of [
      '\u0000',
      '\u0001',
      '\u0008',
      '\u000b',
      '\u000c',
      '\u001f',
      '\u007f',
      '\ufffe',
      '\uffff',
    ]) {
      expect(errorsOf({ body: `a${bad}b` }).body, JSON.stringify(bad)).toMatch(/control character/)
      expect(errorsOf({ name: `a${bad}b` }).name).toMatch(/^Name contains/)
    }
    expect(errorsOf({ body: 'a\ud800b' }).body).toMatch(/lone surrogate/)
    expect(errorsOf({ body: 'a\udc00' }).body).toMatch(/lone surrogate/)
    expect(errorsOf({ email: 'a\u0000@example.com' }).email).toMatch(/^Email contains/)
    // Tab, newline, carriage return and every other character are fine.
    expect(errorsOf({ body: 'a\tb\nc\rd\u0080\u009f\ud83d\ude00' })).toEqual({})
  })

  it('keeps text exactly as sent: no Unicode normalisation, only outer ASCII whitespace trimmed, CRLF -> LF', () => {
    const text = 'e\u0301 \u00e9 \u200b\u200d \u202eRTL\u202c שלום مرحبا 👩🏽‍💻 \ufeff'
    expect(valueOf({ body: text }).body).toBe(text)
    expect(valueOf({ body: ' \n  indented\r\nline\rnext \t\n' }).body).toBe('indented\nline\nnext')
    expect(valueOf({ name: '  Zoë  ' }).name).toBe('Zoë')
    expect(valueOf({ body: '\u00a0kept\u00a0' }).body).toBe('\u00a0kept\u00a0')
  })

  it('non-text values name their field', () => {
    expect(errorsOf({ name: ['a'] }).name).toBe('Name must be text.')
    expect(errorsOf({ body: { text: 'a' } }).body).toBe('Comment must be text.')
    expect(errorsOf({ email: 42 }).email).toBe('Email must be text.')
    expect(errorsOf({ website: true }).website).toBe('Website must be text.')
    expect(errorsOf({ parentId: 7 }).parentId).toMatch(/must be text/)
    expect(errorsOf({ parentId: 'not an id!' }).parentId).toMatch(/not a valid comment id/)
  })
})
