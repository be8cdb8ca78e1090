import { siteLang } from '../views/i18n'

// Building an Intl formatter is the expensive part of toLocaleString (hundreds of µs in workerd):
// made once per isolate per locale, each date then costs microseconds. UTC, so the build and
// every edge agree.
const FORMATS = {
  day: { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' },
  dayTime: {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'UTC',
    timeZoneName: 'short',
  },
  month: { year: 'numeric', month: 'long', timeZone: 'UTC' },
} satisfies Record<string, Intl.DateTimeFormatOptions>

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(kind: keyof typeof FORMATS): Intl.DateTimeFormat {
  const key = `${siteLang()} ${kind}`
  let format = formatters.get(key)
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(siteLang(), FORMATS[kind])))
  return format
}

/** "January 1, 2023" */
export const formatDay = (date: string | number) => formatter('day').format(new Date(date))

/** "January 1, 2023 at 4:05 PM UTC" */
export const formatDayTime = (date: string | number) => formatter('dayTime').format(new Date(date))

/** "January 2023" */
export const formatMonth = (date: string | number) => formatter('month').format(new Date(date))
