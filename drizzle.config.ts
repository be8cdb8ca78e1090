import { defineConfig } from 'drizzle-kit'

// drizzle-kit writes plain SQL migrations that `wrangler d1 migrations apply` and the
// test setup (`readD1Migrations`) both read from the same folder.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
})
