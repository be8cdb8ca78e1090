import { drizzle } from 'drizzle-orm/d1'
import * as schema from './schema'

/**
 * Drizzle over D1, or over a D1 read-replica session (`env.DB.withSession(...)`), which has
 * the same prepare/batch surface.
 */
export function database(d1: D1Database | D1DatabaseSession) {
  return drizzle(d1 as D1Database, { schema })
}

export type Database = ReturnType<typeof database>
