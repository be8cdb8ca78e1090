/**
 * Starts the blog exactly as the README says (`npm start`), on a free port and with a fresh
 * local database (PERSIST_DIR), waits until it answers, hands its URL and the moderators'
 * token to the tests, and always stops it afterwards.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
} from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string
    adminToken: string
    artifactsDir: string
  }
}

const root = new URL('..', import.meta.url).pathname
export const artifactsDir = join(root, 'artifacts/e2e')
/**
 * The blog the browser tests read: the seed essay plus 25 short older ones (e2e/fixtures/content),
 * so the home page has a page 2, tags have several essays and the archive several months.
 */
const fixtureContent = join(root, 'e2e/fixtures/content')

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      )
    })
  })
}

async function waitUntilReady(
  url: string,
  child: ChildProcess,
  logPath: string,
  timeoutMs = 180_000,
) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`npm start exited with ${child.exitCode} before serving; see ${logPath}`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) })
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300))
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs / 1000}s; see ${logPath}`)
}

/** ADMIN_TOKEN from the .dev.vars that `npm start` uses (it creates one when missing; an existing one is only read). */
function readAdminToken(): string {
  const path = join(root, '.dev.vars')
  if (!existsSync(path)) return ''
  const line = readFileSync(path, 'utf8')
    .split('\n')
    .find((l) => /^\s*ADMIN_TOKEN\s*=/.test(l))
  return line
    ? line
        .slice(line.indexOf('=') + 1)
        .trim()
        .replace(/^["']|["']$/g, '')
    : ''
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
      return resolve()
    const pid = child.pid
    const timer = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }, 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    try {
      // The whole process group we started: npm, tsx, wrangler and its workerd.
      process.kill(-pid, 'SIGTERM')
    } catch {
      clearTimeout(timer)
      resolve()
    }
  })
}

export default async function setup(project: TestProject) {
  mkdirSync(artifactsDir, { recursive: true })
  const port = await freePort()
  const persistDir = mkdtempSync(join(tmpdir(), 'edge-blog-e2e-db-'))
  const logPath = join(artifactsDir, 'server.log')
  const log = createWriteStream(logPath)
  const child = spawn('npm', ['start'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      PERSIST_DIR: persistDir,
      WRANGLER_SEND_METRICS: 'false',
      BROWSER: 'none',
      CONTENT_DIR: process.env.CONTENT_DIR ?? fixtureContent,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdout!.pipe(log)
  child.stderr!.pipe(log)

  let stopped = false
  const teardown = async () => {
    if (stopped) return
    stopped = true
    await stop(child)
    // Leave src/generated as content/ builds it, not as the fixture blog did.
    const { CONTENT_DIR: _fixture, ...ownEnv } = process.env
    const rebuilt = spawnSync(
      process.execPath,
      [join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build/content.ts'],
      { cwd: root, env: ownEnv, stdio: ['ignore', 'ignore', 'inherit'] },
    )
    if (rebuilt.status !== 0) console.error(`e2e: rebuilding content/ failed; see ${logPath}`)
    log.end()
    rmSync(persistDir, { recursive: true, force: true })
  }
  const onSignal = () => void teardown().then(() => process.exit(130))
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)

  // The server's own origin name: SITE_URL is http://localhost:<port>, so links and cookies agree.
  const baseUrl = `http://localhost:${port}`
  try {
    await waitUntilReady(`http://127.0.0.1:${port}/`, child, logPath)
  } catch (error) {
    await teardown()
    console.error(readFileSync(logPath, 'utf8').slice(-4000))
    throw error
  }
  console.log(
    `e2e: blog served by \`npm start\` at ${baseUrl} (database ${persistDir}, log ${logPath})`,
  )
  project.provide('baseUrl', baseUrl)
  project.provide('adminToken', readAdminToken())
  project.provide('artifactsDir', artifactsDir)
  return teardown
}
