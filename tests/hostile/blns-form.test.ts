/**
 * A sample of the Big List of Naughty Strings (the first of each BLNS category, see `blnsSample`) as
 * name, website and body, end to end through the comment form: stored exactly (the D1 row), or the
 * form again naming the field with the text kept. All 485 strings are checked in blns-matrix.
 */
import { describe } from 'vitest'
import { blnsSample, FIELDS } from './blns'
import { blnsThroughForm } from './blns-http'

describe('BLNS via the comment form', () => {
  for (const field of FIELDS) blnsThroughForm(field, blnsSample(field))
})
