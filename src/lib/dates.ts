import { site } from '../generated/content'

// Building an Intl formatter is the expensive part of toLocaleString (hundreds of µs in workerd);
// made once per isolate, each date then costs microseconds. UTC, so the build and every edge agree.
const dayFormat = new Intl.DateTimeFormat(site.lang, {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  timeZone: 'UTC',
})
const dayTimeFormat = new Intl.DateTimeFormat(site.lang, {
  year: 'numeric',
  month: 'long',
  day: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
})

/** "January 1, 2023" */
export const formatDay = (date: string | number) => dayFormat.format(new Date(date))

/** "January 1, 2023 at 4:05 PM UTC" */
export const formatDayTime = (date: string | number) => dayTimeFormat.format(new Date(date))
