/** The Big List of Naughty Strings as the comment website, through POST /api/essays/:slug/comments (JSON). Never a 5xx. */
import { describe } from 'vitest'
import { blnsThroughJson } from './blns'

describe('BLNS via POST /api/essays/:slug/comments (JSON)', () => {
  blnsThroughJson('website')
})
