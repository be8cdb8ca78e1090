import { signToken, verifyToken } from '../lib/crypto'
import { commentEditPath } from '../lib/urls'

/**
 * The edit link of one comment: a token signed for this purpose, naming the comment, that expires
 * when the edit window closes (counted from when the comment was posted). Minted again from the
 * same facts whenever the thread shows the author's links, so nothing needs storing.
 */
const PURPOSE = 'comment-edit'

export function editToken(secret: string, id: string, createdAt: number, windowMinutes: number) {
  return signToken(secret, PURPOSE, { id }, windowMinutes * 60, createdAt)
}

export async function editHref(
  secret: string,
  slug: string,
  id: string,
  createdAt: number,
  windowMinutes: number,
) {
  return commentEditPath(slug, id, await editToken(secret, id, createdAt, windowMinutes))
}

/**
 * 'valid' for a live token of this comment; 'expired' for a genuine one whose window is over (so
 * the reader is told why); 'invalid' for anything else (another comment's, forged, missing).
 */
export async function checkEditToken(
  secret: string,
  id: string,
  token: string | undefined,
): Promise<'valid' | 'expired' | 'invalid'> {
  const live = await verifyToken<{ id?: unknown }>(secret, PURPOSE, token)
  if (live) return live.id === id ? 'valid' : 'invalid'
  // Checked as of the epoch: the signature and the comment, whatever the expiry says.
  const genuine = await verifyToken<{ id?: unknown }>(secret, PURPOSE, token, 0)
  return genuine?.id === id ? 'expired' : 'invalid'
}
