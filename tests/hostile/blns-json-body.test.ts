/** The Big List of Naughty Strings as the comment body, through POST /api/essays/:slug/comments (JSON). Never a 5xx. */
import { describe } from 'vitest'
import { blnsThroughJson } from './blns'

describe('BLNS via POST /api/essays/:slug/comments (JSON)', () => {
  blnsThroughJson('body')
})
