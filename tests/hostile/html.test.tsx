/** Property tests for the HTML escaping of the JSX layer: text and attributes never break out. */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Layout } from '../../src/views/layout'
import { decodeEntities } from '../helpers/http'
import { hostileString, RUNS } from './arbitraries'

function Probe(props: { s: string }) {
  return (
    <div title={props.s} data-x={props.s} class="probe">
      <p>{props.s}</p>
      <a href={props.s} aria-label={props.s}>
        {props.s}
        {[props.s, props.s]}
      </a>
      <textarea name="body">{props.s}</textarea>
    </div>
  )
}

const render = (node: unknown) => String(node)

describe('JSX escaping (hono/jsx)', () => {
  const skeleton = render(<Probe s="" />)

  it('renders any string in text and attributes with the markup intact and the value exact', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const html = render(<Probe s={s} />)
        // Same tags, in the same order, as the empty render: nothing the string held became markup.
        expect(html.replace(/>[^<]*</g, '><').replace(/"[^"]*"/g, '""')).toBe(
          skeleton.replace(/>[^<]*</g, '><').replace(/"[^"]*"/g, '""'),
        )
        const attrs = [...html.matchAll(/ (title|data-x|href|aria-label)="([^"]*)"/g)]
        expect(attrs.map((m) => m[1])).toEqual(['title', 'data-x', 'href', 'aria-label'])
        for (const m of attrs) expect(decodeEntities(m[2]!)).toBe(s)
        expect(decodeEntities(html.match(/<p>([^<]*)<\/p>/)![1]!)).toBe(s)
        expect(decodeEntities(html.match(/<a [^>]*>([^<]*)<\/a>/)![1]!)).toBe(s + s + s)
        expect(decodeEntities(html.match(/<textarea name="body">([^<]*)<\/textarea>/)![1]!)).toBe(s)
      }),
      { numRuns: RUNS },
    )
  })

  it('serialises structured data so no string can close the <script> it sits in', () => {
    fc.assert(
      fc.property(hostileString(), (s) => {
        const html = render(
          <Layout
            meta={{
              title: s,
              description: s,
              canonical: 'https://blog.test/x',
              siteUrl: 'https://blog.test',
              jsonLd: { name: s, nested: [s] },
            }}
          >
            <p>{s}</p>
          </Layout>,
        )
        const scripts = [
          ...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/gi),
        ]
        expect(scripts).toHaveLength(1)
        const json = scripts[0]![1]!
        expect(json).not.toMatch(/<\/?script|<!--/i)
        expect(JSON.parse(json)).toEqual({ name: s, nested: [s] })
        expect(html.match(/<\/script>/gi)).toHaveLength(1)
        expect(decodeEntities(html.match(/<title>([^<]*)<\/title>/)![1]!)).toContain(s)
      }),
      { numRuns: RUNS },
    )
  })
})
