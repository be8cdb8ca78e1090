/** The scale part's table: each large blog's figure beside the small blog's, with the issue's bound. */
import { ADMIN_TARGET_MS, type CommentScale } from './scale-comments'
import { type EssayScale, FREE_GZIP_LIMIT, STARTUP_TARGET_MS } from './scale-essays'

export interface ScaleReport {
  comments?: CommentScale
  essays?: EssayScale
  seconds: number
}

const fmt = (n: number, d = 0) =>
  n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d })
const mb = (bytes: number) => `${fmt(bytes / 2 ** 20, 2)} MB`
const yes = (met: boolean) => (met ? 'yes' : '**no**')

export function scaleTable(scale: ScaleReport): string {
  const lines = [
    '| scale | measure | small blog | large blog | large vs small (target) | met |',
    '|---|---|---:|---:|---:|---|',
  ]
  const c = scale.comments
  if (c) {
    const what = `${fmt(c.comments)} comments`
    for (const p of c.pages) {
      const q = p.d1QueriesPerRequest
      lines.push(
        `| ${what} | ${p.name} (\`${p.largePath}\` vs \`${p.smallPath}\` on ${p.smallBlog}) | ${fmt(p.small.rps)} req/s, p50 ${fmt(p.small.p50ms, 1)} ms | ${fmt(p.large.rps)} req/s, p50 ${fmt(p.large.p50ms, 1)} ms${q ? `, ${fmt(q.large, 1)} D1 q/req` : ''}${p.large.errors ? `, ${p.large.errors} errors` : ''} | ${fmt(p.slowdown, 2)}x slower (≤ ${p.target}x) | ${yes(p.met)} |`,
      )
    }
    for (const a of c.admin) {
      lines.push(
        `| ${what} | ${a.name} (\`${a.path}\`), one at a time | ${fmt(a.small.medianMs, 1)} ms | ${fmt(a.large.medianMs, 1)} ms (max ${fmt(a.large.maxMs, 1)}, ${a.status}) | ${fmt(a.large.medianMs, 1)} ms (< ${ADMIN_TARGET_MS} ms) | ${yes(a.met)} |`,
      )
    }
  }
  const e = scale.essays
  if (e) {
    const one = e.blogs.find((b) => b.essays === 1)
    for (const b of e.blogs.filter((x) => x !== one)) {
      lines.push(
        `| ${fmt(b.essays)} essays | bundle (\`wrangler deploy --dry-run\`) | ${one ? `${mb(one.rawBytes)} raw, ${mb(one.gzipBytes)} gzip` : ''} | ${mb(b.rawBytes)} raw, ${mb(b.gzipBytes)} gzip | ${mb(b.gzipBytes)} gzip (≤ 3 MB, Free plan) | ${yes(b.gzipBytes <= FREE_GZIP_LIMIT)} |`,
      )
    }
    for (const b of e.blogs.filter((x) => x !== one)) {
      const extra = one ? b.startupMs - one.startupMs : NaN
      lines.push(
        `| ${fmt(b.essays)} essays | worker startup (new Miniflare to the first answer of \`GET /\`, median of 3) | ${one ? `${fmt(one.startupMs)} ms` : ''} | ${fmt(b.startupMs)} ms (${b.startupStatus}) | +${fmt(extra)} ms (≤ +${STARTUP_TARGET_MS} ms) | ${yes(extra <= STARTUP_TARGET_MS)} |`,
      )
    }
    for (const p of e.pages) {
      lines.push(
        `| ${p.scale} | ${p.name} (\`${p.largePath}\` vs \`${p.smallPath}\` on ${p.smallBlog}) | ${fmt(p.small.rps)} req/s, p50 ${fmt(p.small.p50ms, 1)} ms | ${fmt(p.large.rps)} req/s, p50 ${fmt(p.large.p50ms, 1)} ms${p.large.errors ? `, ${p.large.errors} errors` : ''} | ${fmt(p.slowdown, 2)}x slower (≤ ${p.target}x) | ${yes(p.met)} |`,
      )
    }
    const cold = e.coldBodies
    if (cold)
      lines.push(
        `| 5,000 essays | essay page, miss with the body not cached in the isolate (one ASSETS read), ${cold.requests} requests one at a time, medians | ${fmt(cold.smallMedianMs, 1)} ms | ${fmt(cold.largeMedianMs, 1)} ms | ${fmt(cold.ratio, 2)}x (≤ ${cold.target}x) | ${yes(cold.met)} |`,
      )
    lines.push(
      `| ${fmt(e.fullBuild.essays)} essays | \`npm run build\` with share cards | ${one ? `${fmt(one.buildSeconds, 1)} s (content only)` : ''} | ${fmt(e.fullBuild.seconds, 1)} s; ${e.fullBuild.cards} | reported | — |`,
      `| ${fmt(e.fullBuild.essays)} essays | rebuild after one essay changed | | ${fmt(e.rebuild.seconds, 1)} s; ${e.rebuild.cards} | reported | — |`,
    )
  }
  lines.push('', `Scale part: ${scale.seconds} s (skip with \`BENCH_SCALE=0\`).`)
  return lines.join('\n')
}
