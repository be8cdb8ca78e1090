/** The load generator, always in its own process: wrk when installed, else autocannon's CLI. */
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface LoadSpec {
  url: string
  method: 'GET' | 'POST'
  headers?: Record<string, string>
  /** POST only: a JSON body template; `{id}` is replaced per request with a unique value. */
  bodyTemplate?: string
  seconds: number
  connections: number
  /** wrk only: each 2xx answer's JSON `id` is appended to `<idsPrefix>-<thread>.txt`, to check nothing answered was lost. */
  idsPrefix?: string
}

export interface LoadResult {
  requests: number
  rps: number
  p50ms: number
  p99ms: number
  /** Socket errors, timeouts and non-2xx/3xx answers. */
  errors: number
  non2xx: number
}

export function haveWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined
}

const luaString = (s: string) =>
  JSON.stringify(s).replace(/\\u([0-9a-f]{4})/gi, (_, h: string) => `\\u{${h}}`)

function wrkScript(spec: LoadSpec, dir: string): string {
  const headers = Object.entries(spec.headers ?? {})
    .map(([k, v]) => `[${luaString(k)}] = ${luaString(v)}`)
    .join(', ')
  const parts = (spec.bodyTemplate ?? '').split('{id}')
  const lua = `
local counter = 0
local threads = 0
function setup(thread) threads = threads + 1; thread:set("tid", threads) end
local headers = { ${headers} }
${
  spec.idsPrefix
    ? `local ids
function init(args) ids = io.open(${luaString(spec.idsPrefix)} .. "-" .. tostring(tid) .. ".txt", "a") end
response = function(status, headers, body)
  if status >= 200 and status < 300 then
    local id = body:match('"id":"([^"]+)"')
    if id then ids:write(id, "\\n"); ids:flush() end
  end
end`
    : ''
}
request = function()
  ${
    spec.method === 'POST'
      ? `counter = counter + 1
  local id = tostring(tid) .. "-" .. tostring(counter)
  return wrk.format("POST", nil, headers, ${parts.map(luaString).join(' .. id .. ')})`
      : `return wrk.format("GET", nil, headers, nil)`
  }
end
`
  // A GET needs no per-request Lua: wrk then sends one prebuilt request, as fast as it can.
  const luaGet = `${Object.entries(spec.headers ?? {})
    .map(([k, v]) => `wrk.headers[${luaString(k)}] = ${luaString(v)}`)
    .join('\n')}\n`
  const path = join(dir, `wrk-${Date.now()}-${Math.random().toString(36).slice(2)}.lua`)
  writeFileSync(path, spec.method === 'POST' ? lua : luaGet)
  return path
}

/** "1.23ms" / "456.78us" / "1.2s" -> milliseconds */
function wrkDuration(text: string): number {
  const m = text.match(/^([\d.]+)(us|ms|s|m)$/)
  if (!m) return NaN
  const n = Number(m[1])
  return m[2] === 'us' ? n / 1000 : m[2] === 'ms' ? n : m[2] === 's' ? n * 1000 : n * 60_000
}

function runWrk(spec: LoadSpec, tmp: string): LoadResult {
  const script = wrkScript(spec, tmp)
  const out = spawnSync(
    'wrk',
    [
      '-t2',
      `-c${spec.connections}`,
      `-d${spec.seconds}s`,
      '--latency',
      '--timeout',
      '10s',
      '-s',
      script,
      spec.url,
    ],
    {
      encoding: 'utf8',
    },
  )
  if (out.status !== 0) throw new Error(`wrk failed: ${out.stderr || out.stdout}`)
  const text = out.stdout
  const requests = Number(text.match(/(?<!\d)(\d+) requests in/)?.[1] ?? NaN)
  const rps = Number(text.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN)
  const p50ms = wrkDuration(text.match(/\s50%\s+(\S+)/)?.[1] ?? '')
  const p99ms = wrkDuration(text.match(/\s99%\s+(\S+)/)?.[1] ?? '')
  const socket = text.match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/)
  const socketErrors = socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0
  const non2xx = Number(text.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0)
  return { requests, rps, p50ms, p99ms, errors: socketErrors + non2xx, non2xx }
}

function runAutocannon(spec: LoadSpec): LoadResult {
  const args = [
    'node_modules/.bin/autocannon',
    '--json',
    '-c',
    String(spec.connections),
    '-d',
    String(spec.seconds),
    '-m',
    spec.method,
  ]
  for (const [k, v] of Object.entries(spec.headers ?? {})) args.push('-H', `${k}=${v}`)
  if (spec.bodyTemplate)
    args.push('--idReplacement', '-b', spec.bodyTemplate.replace('{id}', '[<id>]'))
  args.push(spec.url)
  const out = spawnSync(args[0]!, args.slice(1), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (out.status !== 0) throw new Error(`autocannon failed: ${out.stderr}`)
  const r = JSON.parse(out.stdout) as {
    requests: { total: number; average: number }
    latency: { p50: number; p99: number }
    errors: number
    timeouts: number
    non2xx: number
    duration: number
  }
  return {
    requests: r.requests.total,
    rps: r.requests.total / r.duration,
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    errors: r.errors + r.timeouts + r.non2xx,
    non2xx: r.non2xx,
  }
}

export function runLoad(spec: LoadSpec, tmp: string): LoadResult {
  return haveWrk() ? runWrk(spec, tmp) : runAutocannon(spec)
}
