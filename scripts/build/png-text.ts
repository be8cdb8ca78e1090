/** A PNG tEXt chunk: where a share card remembers what it was drawn from (see og-images.ts). */

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** Inserts a tEXt chunk right after IHDR (signature 8 bytes + IHDR 25 bytes). */
export function withTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1')
  const typeAndData = Buffer.concat([Buffer.from('tEXt', 'latin1'), data])
  const chunk = Buffer.alloc(12 + data.length)
  chunk.writeUInt32BE(data.length, 0)
  typeAndData.copy(chunk, 4)
  chunk.writeUInt32BE(crc32(typeAndData), 8 + data.length)
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)])
}

/** The text of the first tEXt chunk with this keyword before the image data, if any. */
export function readTextChunk(png: Buffer, keyword: string): string | undefined {
  let offset = 8
  while (offset + 12 <= png.length) {
    const length = png.readUInt32BE(offset)
    const type = png.toString('latin1', offset + 4, offset + 8)
    if (type === 'IDAT' || type === 'IEND') return undefined
    if (type === 'tEXt') {
      const data = png.toString('latin1', offset + 8, offset + 8 + length)
      const nul = data.indexOf('\0')
      if (data.slice(0, nul) === keyword) return data.slice(nul + 1)
    }
    offset += 12 + length
  }
  return undefined
}
