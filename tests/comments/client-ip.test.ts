import { describe, expect, it } from 'vitest'
import { readerAddress } from '../../src/lib/client-ip'

describe('readerAddress: the part of an address that names one reader', () => {
  it('keeps IPv4 whole', () => {
    expect(readerAddress('203.0.113.9')).toBe('203.0.113.9')
  })

  it('keys IPv6 by its /64, however it is written', () => {
    const net = '2001:db8:1:2::/64'
    for (const ip of [
      '2001:0db8:0001:0002:0000:0000:0000:0001',
      '2001:db8:1:2::1',
      '2001:DB8:1:2:FFFF:FFFF:FFFF:FFFF',
      '2001:db8:1:2:a:b:c:d',
      '2001:db8:1:2::a:b',
      '2001:db8:1:2::1%eth0',
      '2001:db8:1:2::192.0.2.1',
    ])
      expect(readerAddress(ip), ip).toBe(net)
    expect(readerAddress('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64')
  })

  it('compressed forms at the start and the unspecified/loopback addresses', () => {
    expect(readerAddress('::1')).toBe('0:0:0:0::/64')
    expect(readerAddress('::')).toBe('0:0:0:0::/64')
    expect(readerAddress('fe80::1%25en0')).toBe('fe80:0:0:0::/64')
  })

  it('IPv4-mapped IPv6 (::ffff:192.0.2.1, or in hex) is the IPv4 reader it maps, not one shared /64', () => {
    expect(readerAddress('::ffff:192.0.2.1')).toBe('192.0.2.1')
    expect(readerAddress('::FFFF:c000:0201')).toBe('192.0.2.1')
    expect(readerAddress('0:0:0:0:0:ffff:203.0.113.9')).toBe('203.0.113.9')
    expect(readerAddress('::ffff:192.0.2.2')).not.toBe(readerAddress('::ffff:192.0.2.1'))
  })

  it('junk is kept as it is (hashed as its own key), never throws', () => {
    for (const junk of [
      '',
      'not-an-ip',
      ':::',
      '1::2::3',
      '2001:db8:1:2:3:4:5:6:7',
      '2001:db8:zzzz::1',
      '2001:db8::12345',
      '::ffff:300.1.1.1',
      '::ffff:1.2.3',
      `${'1:'.repeat(40)}1`,
    ])
      expect(readerAddress(junk), junk).toBe(junk)
  })
})
