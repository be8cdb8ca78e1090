import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers'
import { defineConfig } from 'vitest/config'

// Secrets are made fresh for every run, so no fixture value could ever be a real one.
const testSecrets = {
  SECRET_KEY: randomBytes(32).toString('base64url'),
  ADMIN_TOKEN: randomBytes(24).toString('base64url'),
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations(new URL('./migrations', import.meta.url).pathname)
  return {
    test: {
      projects: [
        {
          // Runtime tests: the worker itself, inside workerd with a local D1.
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              miniflare: {
                bindings: {
                  ...testSecrets,
                  SITE_URL: 'https://blog.test',
                  TEST_MIGRATIONS: migrations,
                  SEED_TEXT: readFileSync(
                    new URL('./tests/fixtures/management-versus-leadership.txt', import.meta.url),
                    'utf8',
                  ),
                },
              },
            }),
          ],
          test: {
            name: 'worker',
            include: ['tests/**/*.test.{ts,tsx}'],
            exclude: ['tests/**/*.node.test.ts'],
            setupFiles: ['./tests/setup/apply-migrations.ts'],
          },
        },
        {
          // Build-time tests: content pipeline, bundle size, importers, in Node.
          test: {
            name: 'node',
            include: ['tests/**/*.node.test.ts'],
            environment: 'node',
            testTimeout: 120_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  }
})
