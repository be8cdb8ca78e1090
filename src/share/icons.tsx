/**
 * Share icons: simple shapes drawn for this site (24x24, currentColor), inline so the page
 * makes no request to any network. Decorative: the link's text names the network.
 */
import type { Child } from 'hono/jsx'
import type { Network } from './networks'

const stroke = {
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '2',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
} as const

const shapes: Record<Network | 'copy' | 'native', Child> = {
  // Two crossed strokes.
  x: <path {...stroke} d="M5 4l14 16M19 4L5 20" />,
  // A lowercase f in a rounded square.
  facebook: (
    <>
      <rect {...stroke} x="3" y="3" width="18" height="18" rx="4" />
      <path {...stroke} d="M15.5 8H14a2 2 0 0 0-2 2v11M9.5 13h5.5" />
    </>
  ),
  // "in" in a rounded square.
  linkedin: (
    <>
      <rect {...stroke} x="3" y="3" width="18" height="18" rx="3" />
      <path {...stroke} d="M8 10.5V17M8 7.5v.01M12 17v-6.5M12 13a2.5 2.5 0 0 1 5 0v4" />
    </>
  ),
  // A round face with an antenna.
  reddit: (
    <>
      <ellipse {...stroke} cx="12" cy="14.5" rx="8" ry="5.5" />
      <path {...stroke} d="M12 9l1.5-5 4 1M9 14v.01M15 14v.01M9.5 17c1.5 1 3.5 1 5 0" />
      <circle cx="18.5" cy="5" r="1.5" />
    </>
  ),
  // A Y in a square.
  hackernews: (
    <>
      <rect {...stroke} x="3" y="3" width="18" height="18" rx="1" />
      <path {...stroke} d="M8 7l4 5 4-5M12 12v5" />
    </>
  ),
  // A butterfly: two pairs of wings.
  bluesky: (
    <path d="M12 11C10 7 6.5 4 4 4c-1.5 0-2 1-2 2.5S3 12 5 12.5c-2.5.5-3 3-1.5 4.5 2 2 4.5.5 6-2.5.9-1.8 1.8-2.5 2.5-3.5.7 1 1.6 1.7 2.5 3.5 1.5 3 4 4.5 6 2.5 1.5-1.5 1-4-1.5-4.5 2-.5 3-4.5 3-6S21.5 4 20 4c-2.5 0-6 3-8 7z" />
  ),
  // A speech bubble with an "m".
  mastodon: (
    <>
      <path {...stroke} d="M20 12.5V8a5 5 0 0 0-5-5H9a5 5 0 0 0-5 5v5a6 6 0 0 0 6 6h4l-3 2" />
      <path
        {...stroke}
        d="M8 14V9.5a1.5 1.5 0 0 1 3 0V12M11 12V9.5a1.5 1.5 0 0 1 3 0V12M14 12V9.5a1.5 1.5 0 0 1 3 0V14"
      />
    </>
  ),
  // An at-sign swirl.
  threads: (
    <path {...stroke} d="M16 12a4 4 0 1 1-1.2-2.9M16 8v5a2.5 2.5 0 0 0 5 0v-1a9 9 0 1 0-4 7.5" />
  ),
  // A phone in a speech circle.
  whatsapp: (
    <>
      <path {...stroke} d="M4 20l1.3-3.9A8.5 8.5 0 1 1 8 19z" />
      <path d="M9 7.5c.4-.4 1-.3 1.2.2l.7 1.6c.1.3 0 .6-.2.8l-.6.6c.6 1.3 1.6 2.3 2.9 2.9l.6-.6c.2-.2.5-.3.8-.2l1.6.7c.5.2.6.8.2 1.2l-.8.8c-.6.6-1.5.7-2.3.4a9 9 0 0 1-4.8-4.8c-.3-.8-.2-1.7.4-2.3z" />
    </>
  ),
  // A paper plane.
  telegram: <path {...stroke} d="M21 4L3 11l6 2.5M21 4l-3 16-6.5-5M21 4L9 13.5V19l2.5-4" />,
  // A P in a circle, with a pin's point.
  pinterest: (
    <>
      <circle {...stroke} cx="12" cy="12" r="9" />
      <path {...stroke} d="M10 21l2.5-10M10.5 15a3.5 3.5 0 1 0 0-7 4 4 0 0 0-3 6" />
    </>
  ),
  // An envelope.
  email: (
    <>
      <rect {...stroke} x="3" y="5" width="18" height="14" rx="2" />
      <path {...stroke} d="M3.5 6l8.5 7 8.5-7" />
    </>
  ),
  // Two chain links.
  copy: (
    <path
      {...stroke}
      d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1"
    />
  ),
  // A box with an arrow leaving it.
  native: <path {...stroke} d="M12 3v12M8 7l4-4 4 4M6 11H5v9h14v-9h-1" />,
}

export function ShareIcon(props: { name: keyof typeof shapes }) {
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 24 24"
      width="18"
      height="18"
      aria-hidden="true"
      focusable="false"
    >
      {shapes[props.name]}
    </svg>
  )
}
