import { t, translated } from './i18n'
import { Layout } from './layout'
import type { Messages } from './locales/en'

const TITLES: Record<number, keyof Messages> = {
  400: 'error400',
  403: 'error403',
  404: 'error404',
  405: 'error405',
  413: 'error413',
  415: 'error415',
  429: 'error429',
  500: 'error500',
  503: 'error503',
}

export function errorTitle(status: number): string {
  const key = TITLES[status] ?? (status >= 500 ? 'error500' : 'errorOther')
  return t()[key] as string
}

export function ErrorPage(props: {
  status: number
  message: string
  siteUrl: string
  path: string
}) {
  const title = errorTitle(props.status)
  // Shared code throws its fixed messages in English; they are shown in the site's language.
  const message = translated(props.message)
  return (
    <Layout
      meta={{
        title,
        description: message,
        canonical: props.siteUrl + props.path,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
    >
      <h1>{title}</h1>
      <p>{message}</p>
      <p>
        <a href="/">{t().backToEssays}</a>
      </p>
    </Layout>
  )
}
