/**
 * The inputs that once stalled the worker, timed one request at a time: a field that is one long
 * whitespace run (256 KiB on the wire), a URL with a long punctuation run inside it, a body of repeated
 * "<a ". Each is posted to the form, the JSON API and the admin edit, and a comment made of each is
 * rendered through the page, the author's preview and the comments feed. The promise: every answer
 * in under 50 ms (before the linear rewrites: 17-75 s, 5.7 s and 2.5 s).
 */

export interface PathologicalResult {
  input: string
  path: string
  status: number
  medianMs: number
  maxMs: number
}

export const PATHOLOGICAL_TARGET_MS = 50
const RUNS = 5
const KIB = 1024

/** Under the 65,525-byte body limit, so these are stored and rendered. */
const STORED_INPUTS = {
  'punctuation run in a URL': `See https://example.com/${'.,;:!?'.repeat(10_000)}x${'.,;:!?'.repeat(800)} for more.`,
  'repeated "<a "': `${'<a '.repeat(21_000)}end`,
  'whitespace run inside the text': `a${' \t'.repeat(32_000)}a`,
  // Markdown (issue 13, "Bad input"): each renders through src/lib/comment-markdown.ts once, on write.
  'a line of backticks': '`'.repeat(65_000),
  'a line of asterisks': '*'.repeat(65_000),
  'alternating emphasis openers': '*a'.repeat(32_000),
  'unclosed link openers': '[a]('.repeat(16_000),
  'unclosed fences': '```\n'.repeat(16_000),
  'quotes nested 20,000 deep': `${'> '.repeat(20_000)}deep`,
  'list markers nested 20,000 deep': `${'- '.repeat(20_000)}deep`,
  'hostile link destinations':
    '[x](javascript:alert(1)) [y](data:text/html,a) [z](vbscript:a) [c](java\u0001script:a) '.repeat(
      600,
    ),
}
/** The request as the attack sent it: a 256 KiB field that is almost all whitespace (refused by size). */
// Just under the 256 KiB request cap once the other fields are added, so it reaches the parser.
const WHITESPACE_256K = `a${' '.repeat(256 * KIB - 1024)}a`

async function timed(
  send: () => Promise<Response>,
): Promise<{ status: number; medianMs: number; maxMs: number }> {
  const times: number[] = []
  let status = 0
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    const res = await send()
    await res.arrayBuffer()
    times.push(performance.now() - start)
    status = res.status
  }
  times.sort((a, b) => a - b)
  return { status, medianMs: times[Math.floor(RUNS / 2)]!, maxMs: times.at(-1)! }
}

export async function measurePathological(options: {
  appUrl: string
  adminToken: string
  slug: string
  tag: string
}): Promise<PathologicalResult[]> {
  const { appUrl, adminToken, slug, tag } = options
  const results: PathologicalResult[] = []
  const admin = { Authorization: `Bearer ${adminToken}` }
  let n = 0
  const author = () => ({
    name: `Pathological ${tag} ${++n}`,
    email: `bench-${tag}-p${n}@example.com`,
  })
  const json = (body: string) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'CF-Connecting-IP': `198.51.100.${n % 250}` },
    body: JSON.stringify({ ...author(), body }),
  })
  const formToken = async () => {
    const html = await (await fetch(`${appUrl}/essays/${slug}`)).text()
    return html.match(/name="token" value="([^"]+)"/)?.[1] ?? ''
  }
  const form = async (body: string) => ({
    method: 'POST',
    redirect: 'manual' as const,
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'CF-Connecting-IP': `198.51.100.${n % 250}`,
    },
    body: new URLSearchParams({ ...author(), body, token: await formToken() }).toString(),
  })

  // Posting: the 256 KiB whitespace field to each write path, then each stored input.
  const apiPath = `/api/essays/${slug}/comments`
  const formPath = `/essays/${slug}/comments`
  results.push({
    input: '256 KiB whitespace field',
    path: `POST ${apiPath}`,
    ...(await timed(() => fetch(appUrl + apiPath, json(WHITESPACE_256K)))),
  })
  const wsForm = await form(WHITESPACE_256K)
  results.push({
    input: '256 KiB whitespace field',
    path: `POST ${formPath}`,
    ...(await timed(() => fetch(appUrl + formPath, wsForm))),
  })

  const stored: { input: string; id: string; preview: string }[] = []
  for (const [input, body] of Object.entries(STORED_INPUTS)) {
    results.push({
      input,
      path: `POST ${apiPath}`,
      ...(await timed(() => fetch(appUrl + apiPath, json(`${body} ${++n}`)))),
    })
    // The form post that is kept: its 303 names the comment and the author's preview link.
    const res = await fetch(appUrl + formPath, await form(body))
    // A refusal that names the field is a right answer too (control characters are refused, 422):
    // nothing was stored, so this input has no preview link to time.
    if (res.status === 422) {
      await res.body?.cancel()
      continue
    }
    const location = res.headers.get('Location') ?? ''
    const id = location.match(/#comment-([\w-]+)$/)?.[1]
    if (res.status !== 303 || !id)
      throw new Error(`pathological form post (${input}) answered ${res.status}`)
    stored.push({ input, id, preview: location.replace(/^https?:\/\/[^/]+/, '') })
  }

  // The admin edit, with the 256 KiB whitespace body (refused by size) on the first stored comment.
  const edit = `/api/admin/comments/${stored[0]!.id}`
  const patch = (body: string) => () =>
    fetch(appUrl + edit, {
      method: 'PATCH',
      headers: { ...admin, 'Content-Type': 'application/json' },
      body: JSON.stringify({ body }),
    })
  results.push({
    input: '256 KiB whitespace field',
    path: `PATCH /api/admin/comments/:id`,
    ...(await timed(patch(WHITESPACE_256K))),
  })

  // Rendering: each held comment in its author's preview, then approved on the page and in the feed.
  for (const comment of stored) {
    results.push({
      input: comment.input,
      path: 'GET preview link',
      ...(await timed(() => fetch(appUrl + comment.preview))),
    })
  }
  for (const comment of stored) {
    const res = await fetch(`${appUrl}/api/admin/comments/${comment.id}/approve`, {
      method: 'POST',
      headers: admin,
    })
    if (!res.ok) throw new Error(`approving ${comment.id} answered ${res.status}`)
  }
  // ?replyto makes the page personal, so each request renders it (and queries D1) rather than hitting the cache.
  for (const comment of stored) {
    results.push({
      input: comment.input,
      path: `GET /essays/${slug}?replyto=… (rendered)`,
      ...(await timed(() => fetch(`${appUrl}/essays/${slug}?replyto=${comment.id}`))),
    })
  }
  results.push({
    input: 'all three, approved',
    path: `GET /essays/${slug}/comments.xml`,
    ...(await timed(() => fetch(`${appUrl}/essays/${slug}/comments.xml`))),
  })
  return results
}

export function pathologicalTable(results: PathologicalResult[]): string {
  const lines = [
    `| input | request | status | median ms | max ms | under ${PATHOLOGICAL_TARGET_MS} ms |`,
    '|---|---|---:|---:|---:|---|',
  ]
  for (const r of results) {
    lines.push(
      `| ${r.input} | \`${r.path}\` | ${r.status} | ${r.medianMs.toFixed(1)} | ${r.maxMs.toFixed(1)} | ${r.maxMs < PATHOLOGICAL_TARGET_MS ? 'yes' : '**no**'} |`,
    )
  }
  return lines.join('\n')
}
