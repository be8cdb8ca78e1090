import { formatDay } from '../../lib/dates'
import { formatNumber, t } from '../../views/i18n'

/**
 * Server-rendered SVG charts (no JavaScript): each is role="img" named by its <title> and
 * described by its <desc> (the numbers in words), with the same numbers as a table below it.
 * Colours come from CSS classes (light and dark palettes in styles.css), never from the data.
 */

export interface Part {
  key: string
  label: string
  values: number[]
}

const W = 720
const H = 200
const LEFT = 44
const BOTTOM = 24
const TOP = 8

/** Stacked bars, one per day, a part per source. */
export function DayChart(props: { id: string; title: string; days: string[]; parts: Part[] }) {
  const { days, parts } = props
  const totals = days.map((_, i) => parts.reduce((sum, part) => sum + (part.values[i] ?? 0), 0))
  const total = totals.reduce((a, b) => a + b, 0)
  const max = Math.max(1, ...totals)
  const busiest = totals.indexOf(Math.max(...totals))
  const plotW = W - LEFT
  const plotH = H - BOTTOM - TOP
  const barW = plotW / days.length
  const y = (n: number) => (n / max) * plotH
  const m = t()
  const desc = m.statsDayChartDesc({
    total: formatNumber(total),
    days: formatNumber(days.length),
    busiest: total ? `${formatDay(days[busiest]!)} (${formatNumber(max)})` : '—',
    parts: parts
      .map((part) => `${part.label} ${formatNumber(part.values.reduce((a, b) => a + b, 0))}`)
      .join(', '),
  })
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{desc}</desc>
        <line class="axis" x1={LEFT} y1={H - BOTTOM} x2={W} y2={H - BOTTOM} />
        <text class="tick" x={LEFT - 6} y={TOP + 10} text-anchor="end">
          {formatNumber(max)}
        </text>
        <text class="tick" x={LEFT - 6} y={H - BOTTOM} text-anchor="end">
          0
        </text>
        <text class="tick" x={LEFT} y={H - 6}>
          {formatDay(days[0]!)}
        </text>
        <text class="tick" x={W} y={H - 6} text-anchor="end">
          {formatDay(days[days.length - 1]!)}
        </text>
        {days.map((_, i) => {
          let base = H - BOTTOM
          return parts.map((part) => {
            const n = part.values[i] ?? 0
            if (!n) return null
            const h = y(n)
            base -= h
            return (
              <rect
                class={`s-${part.key}`}
                x={(LEFT + i * barW + barW * 0.1).toFixed(1)}
                y={base.toFixed(1)}
                width={(barW * 0.8).toFixed(1)}
                height={h.toFixed(1)}
              />
            )
          })
        })}
      </svg>
      <figcaption>
        <ul class="legend">
          {parts.map((part) => (
            <li>
              <span class={`swatch s-${part.key}`} aria-hidden="true"></span> {part.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <details class="chart-table">
        <summary>{m.statsShowTable}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{m.statsDay}</th>
              {parts.map((part) => (
                <th scope="col">{part.label}</th>
              ))}
              <th scope="col">{m.statsTotal}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((day, i) =>
              totals[i] ? (
                <tr>
                  <th scope="row">
                    <time datetime={day}>{formatDay(day)}</time>
                  </th>
                  {parts.map((part) => (
                    <td>{formatNumber(part.values[i] ?? 0)}</td>
                  ))}
                  <td>{formatNumber(totals[i]!)}</td>
                </tr>
              ) : null,
            )}
          </tbody>
        </table>
      </details>
    </figure>
  )
}

/** Horizontal bars, one per row, each labelled with its name and number in the SVG itself. */
export function BarChart(props: {
  id: string
  title: string
  rows: { label: string; value: number; href?: string }[]
  headings: [string, string]
}) {
  const { rows } = props
  const row = 26
  const labelW = 260
  const h = rows.length * row + 4
  const max = Math.max(1, ...rows.map((r) => r.value))
  const desc = rows.map((r) => `${r.label}: ${formatNumber(r.value)}`).join('; ')
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${W} ${h}`}
        role="img"
        aria-labelledby={`${props.id}-title ${props.id}-desc`}
      >
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{desc}</desc>
        {rows.map((r, i) => (
          <g>
            <text class="label" x={labelW - 8} y={i * row + 18} text-anchor="end">
              {r.label.length > 36 ? `${r.label.slice(0, 35)}…` : r.label}
            </text>
            <rect
              class="s-bar"
              x={labelW}
              y={i * row + 4}
              width={Math.max(1, ((W - labelW - 60) * r.value) / max).toFixed(1)}
              height={row - 8}
            />
            <text
              class="value"
              x={(labelW + ((W - labelW - 60) * r.value) / max + 6).toFixed(1)}
              y={i * row + 18}
            >
              {formatNumber(r.value)}
            </text>
          </g>
        ))}
      </svg>
      <details class="chart-table">
        <summary>{t().statsShowTable}</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{props.headings[0]}</th>
              <th scope="col">{props.headings[1]}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.href ? <a href={r.href}>{r.label}</a> : r.label}</th>
                <td>{formatNumber(r.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  )
}
