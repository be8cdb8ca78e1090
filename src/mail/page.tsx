import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import { config } from '../config'
import type { AppEnv } from '../env'
import { Layout } from '../views/layout'

/** The pages mail's links open: the site's layout, never indexed, never cached, no Referer (tokens in the URL). */
export function mailPage(c: Context<AppEnv>, title: string, body: Child, status: 200 | 202 = 200) {
  c.header('Cache-Control', 'private, no-store')
  c.header('X-Robots-Tag', 'noindex, nofollow')
  c.header('Referrer-Policy', 'no-referrer')
  const siteUrl = config(c.env).siteUrl
  return c.html(
    <Layout
      meta={{ title, description: title, canonical: siteUrl + c.req.path, siteUrl, noindex: true }}
    >
      <h1>{title}</h1>
      {body}
    </Layout>,
    status,
  )
}
