import { defineConfig } from 'vitest/config'

/**
 * Browser tests: `npm run test:e2e`. One server (started the README's way by global-setup.ts)
 * and one file at a time, because two cores cannot drive several Chromiums and a dev server well.
 */
export default defineConfig({
  test: {
    name: 'e2e',
    root: new URL('..', import.meta.url).pathname,
    include: ['e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    reporters: ['verbose'],
  },
})
