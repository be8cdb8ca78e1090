/**
 * The essay page on a full miss at 5,000 essays: neither the page nor the essay's body cached in
 * the isolate, so a large blog pays its one ASSETS read (src/content/bodies.ts). Under load every
 * request after the first hits the body cache, so this is measured one request at a time: each
 * request to the large blog opens an essay not opened before, each to the small blog its one essay
 * (a per-reader view, never a shared copy), interleaved so both see the same machine load.
 */
import { generateEssay } from './scale-content'

export const COLD_REQUESTS = 40

export interface ColdBodies {
  requests: number
  smallMedianMs: number
  largeMedianMs: number
  ratio: number
  target: number
  met: boolean
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!

async function timed(url: string, headers: Record<string, string>): Promise<number> {
  const start = performance.now()
  // A fresh connection each time: the load runs before this can leave a kept-alive socket closed.
  const res = await fetch(url, { headers: { ...headers, Connection: 'close' } })
  await res.arrayBuffer()
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}`)
  return performance.now() - start
}

export async function measureColdBodies(
  small: { url: string; headers: Record<string, string> },
  large: { appUrl: string; headers: Record<string, string>; essays: number },
): Promise<ColdBodies> {
  const smallMs: number[] = []
  const largeMs: number[] = []
  for (let i = 0; i < COLD_REQUESTS; i++) {
    // Spread over the blog, never essay 0 (the warmed one) and never the same essay twice.
    const slug = generateEssay(1 + ((i * 997) % (large.essays - 1))).slug
    smallMs.push(await timed(small.url, small.headers))
    largeMs.push(await timed(`${large.appUrl}/essays/${slug}`, large.headers))
  }
  const ratio = median(largeMs) / median(smallMs)
  return {
    requests: COLD_REQUESTS,
    smallMedianMs: median(smallMs),
    largeMedianMs: median(largeMs),
    ratio,
    target: 1.2,
    met: ratio <= 1.2,
  }
}
