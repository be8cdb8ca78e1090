import { Layout } from './layout'

const TITLES: Record<number, string> = {
  400: 'Bad request',
  403: 'Forbidden',
  404: 'Page not found',
  405: 'Method not allowed',
  413: 'Too large',
  415: 'Unsupported content type',
  429: 'Too many requests',
  500: 'Something went wrong',
  503: 'Unavailable',
}

export function errorTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'Request not accepted')
}

export function ErrorPage(props: {
  status: number
  message: string
  siteUrl: string
  path: string
}) {
  const title = errorTitle(props.status)
  return (
    <Layout
      meta={{
        title,
        description: props.message,
        canonical: props.siteUrl + props.path,
        siteUrl: props.siteUrl,
        noindex: true,
      }}
    >
      <h1>{title}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">Back to the essays</a>
      </p>
    </Layout>
  )
}
