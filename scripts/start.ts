/**
 * `npm start`: a working local blog in one command, with no Cloudflare account.
 * Creates .dev.vars with fresh random secrets when missing, builds the content,
 * applies migrations to the local D1 database, then serves with `wrangler dev`.
 *
 *   PORT=8788 npm start
 *   PERSIST_DIR=/tmp/blog-db npm start   # a separate local database (the browser tests use a fresh one)
 */
import { spawn, spawnSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const port = process.env.PORT ?? '8787'
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' }
const wrangler = join(root, 'node_modules/.bin/wrangler')
// Unset: wrangler's default local state under .wrangler/.
const persist = process.env.PERSIST_DIR ? ['--persist-to', process.env.PERSIST_DIR] : []

function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: root, env, stdio: 'inherit' })
  if (result.status !== 0) process.exit(result.status ?? 1)
}

const devVars = join(root, '.dev.vars')
if (!existsSync(devVars)) {
  const token = randomBytes(24).toString('base64url')
  writeFileSync(
    devVars,
    [
      '# Local secrets for `npm start`, made by scripts/start.ts. Never commit this file.',
      `ADMIN_TOKEN=${token}`,
      `SECRET_KEY=${randomBytes(32).toString('base64url')}`,
      '',
    ].join('\n'),
    { mode: 0o600 },
  )
  console.log(`\nCreated ${devVars} with a random ADMIN_TOKEN and SECRET_KEY.`)
}

// The fediverse actor's key (RSA 2048, PKCS#8 PEM, one line with \n escapes as .dev.vars wants it),
// added to an existing .dev.vars too; production gets its own with `wrangler secret put`.
if (!/^FEDIVERSE_PRIVATE_KEY=/m.test(readFileSync(devVars, 'utf8'))) {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  })
  const text = readFileSync(devVars, 'utf8')
  writeFileSync(
    devVars,
    `${text.endsWith('\n') ? text : `${text}\n`}FEDIVERSE_PRIVATE_KEY="${privateKey.trim().replace(/\n/g, '\\n')}"\n`,
    { mode: 0o600 },
  )
  console.log(`Added a fediverse key (FEDIVERSE_PRIVATE_KEY) to ${devVars}.`)
}

run(process.execPath, [
  join(root, 'node_modules/tsx/dist/cli.mjs'),
  'scripts/build/content.ts',
  '--drafts',
])
run(wrangler, ['d1', 'migrations', 'apply', 'DB', '--local', ...persist])

{
  // Where to moderate, and the token to sign in with. The token is shown only on an interactive
  // terminal (never into CI logs); otherwise, the command that reads it.
  const token = /^ADMIN_TOKEN=(.+)$/m.exec(readFileSync(devVars, 'utf8'))?.[1]?.trim()
  const show = token && process.stdout.isTTY && !process.env.CI
  console.log(
    token
      ? `\nModerate comments at http://localhost:${port}/admin/login with the ADMIN_TOKEN from ${devVars}${show ? `:\n  ${token}` : ` (read it with: grep ADMIN_TOKEN .dev.vars)`}\n`
      : `\n${devVars} has no ADMIN_TOKEN, so the admin answers 503. Add a line ADMIN_TOKEN=<random>, or delete the file to get a fresh one.\n`,
  )
}

const dev = spawn(
  wrangler,
  [
    'dev',
    '--port',
    port,
    '--ip',
    '127.0.0.1',
    '--var',
    `SITE_URL:http://localhost:${port}`,
    // Mail on locally: Miniflare simulates the send_email binding (nothing leaves the machine) and the
    // admin's Outbox (/admin/outbox) shows every message with its links. MAIL_FROM=... overrides it.
    '--var',
    `MAIL_FROM:${process.env.MAIL_FROM ?? 'blog@example.com'}`,
    ...persist,
  ],
  {
    cwd: root,
    env,
    stdio: 'inherit',
  },
)
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => dev.kill(signal))
dev.on('exit', (code) => process.exit(code ?? 0))
