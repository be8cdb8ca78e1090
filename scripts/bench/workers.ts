/**
 * Worker sources the benchmark runs beside the real bundle: the bare baseline and a
 * query-counting wrapper around the app. Kept as module text so nothing here ships.
 */

/** The baseline: answers every request with a constant body of the size the app answers that path with. */
export function bareWorker(
  bodies: Record<string, { body: string; contentType: string; status: number }>,
): string {
  return `
const BODIES = new Map(Object.entries(${JSON.stringify(bodies)}));
export default {
  fetch(request) {
    const hit = BODIES.get(request.method + ' ' + new URL(request.url).pathname) ?? BODIES.get('GET /');
    return new Response(hit.body, { status: hit.status, headers: { 'content-type': hit.contentType } });
  },
};
`
}

/**
 * The app with its D1 binding wrapped in a counting proxy. Every statement run through
 * prepare(...).first/all/run/raw counts one, and a batch counts each statement in it; the same
 * holds for a read-replica session from withSession(). GET /__bench/d1 answers the running
 * total (one isolate, so a module-level counter sees every request), POST resets it.
 * Only the counting runs use this wrapper; the timed runs hit the bundle itself.
 */
export const countingWrapper = `
import app from './index.js';
let queries = 0;
const real = new WeakMap();
function statement(stmt) {
  const proxy = new Proxy(stmt, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'bind') return (...args) => statement(value.apply(target, args));
      if (['first', 'all', 'run', 'raw'].includes(prop)) return (...args) => { queries++; return value.apply(target, args); };
      return value.bind(target);
    },
  });
  real.set(proxy, stmt);
  return proxy;
}
function database(db) {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'prepare') return (sql) => statement(value.call(target, sql));
      if (prop === 'batch') return (stmts) => { queries += stmts.length; return value.call(target, stmts.map((s) => real.get(s) ?? s)); };
      if (prop === 'exec') return (sql) => { queries += sql.split('\\n').filter((l) => l.trim()).length; return value.call(target, sql); };
      if (prop === 'withSession') return (...args) => database(value.apply(target, args));
      return value.bind(target);
    },
  });
}
let wrappedEnv;
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === '/__bench/d1') {
      if (request.method === 'POST') queries = 0;
      return Response.json({ queries });
    }
    // One wrapped env per isolate, like the real one, so per-isolate config caches still hit.
    wrappedEnv ??= { ...env, DB: database(env.DB) };
    return app.fetch(request, wrappedEnv, ctx);
  },
};
`
