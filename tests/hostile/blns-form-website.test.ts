/** The Big List of Naughty Strings as the comment website, through the comment form. Never a 5xx. */
import { describe } from 'vitest'
import { blnsThroughForm } from './blns'

describe('BLNS via the comment form', () => {
  blnsThroughForm('website')
})
