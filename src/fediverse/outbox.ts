import { siteCatalog } from '../content/catalog'
import type { Essay } from '../content/types'
import { tagPath } from '../lib/urls'
import { articleObject } from './documents'
import { AS_CONTEXT, type FediUrls, PUBLIC } from './urls'

/** The essays the fediverse sees (dated, not drafts), newest first, and their activities. */

export function federatedEssays(): readonly Essay[] {
  return siteCatalog.dated.filter((essay) => !essay.draft)
}

/** Queue messages are at most 128 KB: an essay longer than this goes out as its summary and link. */
const MAX_CONTENT = 96 * 1024

export function article(urls: FediUrls, essay: Essay, siteUrl: string) {
  const object = articleObject(urls, essay, (tag) => {
    const slug = siteCatalog.tagSlug(tag)
    return slug ? siteUrl + tagPath(slug) : urls.profile
  })
  if (object.content.length > MAX_CONTENT) {
    const link = urls.essay(essay.slug)
    object.content = `<p>${escape(essay.description)}</p><p><a href="${escape(link)}">${escape(link)}</a></p>`
  }
  return object
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

export function createActivity(urls: FediUrls, essay: Essay, siteUrl: string) {
  return {
    id: urls.activity('create', essay.slug, essay.date),
    type: 'Create',
    actor: urls.actor,
    published: essay.date,
    to: [PUBLIC],
    cc: [urls.followers],
    object: article(urls, essay, siteUrl),
  }
}

export function updateActivity(urls: FediUrls, essay: Essay, siteUrl: string) {
  return {
    '@context': AS_CONTEXT,
    id: urls.activity('update', essay.slug, essay.updated),
    type: 'Update',
    actor: urls.actor,
    published: essay.updated,
    to: [PUBLIC],
    cc: [urls.followers],
    object: article(urls, essay, siteUrl),
  }
}

export function deleteActivity(urls: FediUrls, slug: string, objectId: string, at: string) {
  return {
    '@context': AS_CONTEXT,
    id: urls.activity('delete', slug, at),
    type: 'Delete',
    actor: urls.actor,
    to: [PUBLIC],
    cc: [urls.followers],
    object: { id: objectId, type: 'Tombstone' },
  }
}
