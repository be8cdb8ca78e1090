/**
 * A burst of JSON comment posts against a running blog, to see what answers under load:
 *
 *   PORT=8791 PERSIST_DIR=$(mktemp -d) npm start &        # a fresh local blog
 *   npx tsx scripts/bench/burst.ts http://localhost:8791 1000 250 1
 *
 * Arguments: base URL, total posts, posts in flight, a number 0-255 that keeps this run's client
 * IPs apart from earlier runs' (the flood rule would refuse a reused IP within FLOOD_SECONDS).
 * Prints the answers by status and one body per non-2xx status, with the run's tag, so the stored
 * rows can be counted: `npx wrangler d1 execute DB --local --persist-to <dir> --command
 * "SELECT count(*) FROM comments WHERE author_email LIKE 'burst-<tag>-%'"`.
 *
 * What it showed (hardening issue, item 11): through `npm start` (wrangler dev), a few percent of
 * posts in some bursts answer 503 with "Your worker restarted mid-request…": that answer is written
 * by wrangler's dev proxy (ProxyWorker) when its fetch to the worker fails, so the worker never saw
 * those requests. Nothing is stored for them and the worker logs nothing; the stored rows equal the
 * 2xx answers. `npm run bench` talks to workerd directly, without that proxy, and never shows it.
 */

const [base = 'http://localhost:8787', totalArg = '1000', inflightArg = '250', netArg = '1'] =
  process.argv.slice(2)
const total = Number(totalArg)
const inflight = Number(inflightArg)
const net = Number(netArg) & 255
const tag = Math.random().toString(36).slice(2, 8)
const counts: Record<string, number> = {}
const bodies: Record<string, string> = {}

async function post(i: number) {
  let status: string
  try {
    const res = await fetch(`${base}/api/essays/management-versus-leadership/comments`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'CF-Connecting-IP': `10.${net}.${(i >> 8) & 255}.${i & 255}`,
      },
      body: JSON.stringify({
        name: `Burst ${i}`,
        email: `burst-${tag}-${i}@example.com`,
        body: `Burst ${tag} ${i}`,
      }),
    })
    status = String(res.status)
    const text = await res.text()
    if (res.status >= 300) bodies[status] ??= text.slice(0, 200)
  } catch (error) {
    status = `network error: ${String(error)}`
  }
  counts[status] = (counts[status] ?? 0) + 1
}

let next = 0
await Promise.all(
  Array.from({ length: inflight }, async () => {
    while (next < total) await post(next++)
  }),
)
console.log(JSON.stringify({ tag, counts, bodies }, null, 2))

// A module, so top-level await is allowed.
export {}
