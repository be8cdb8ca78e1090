import { ESSAY_URL } from './fake-web'

/** Real-shaped microformats2 pages (as IndieWeb blogs publish them) for the receiving tests. */

export const replyPage = (
  source: string,
  author: string,
  text: string,
  target = ESSAY_URL,
) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Re: management</title></head>
<body>
<article class="h-entry">
  <p>In reply to <a class="u-in-reply-to" href="${target}">Management versus leadership</a></p>
  <div class="p-author h-card">
    <img class="u-photo" src="${new URL(source).origin}/me.jpg" alt="">
    <a class="p-name u-url" href="${new URL(source).origin}/about">${author}</a>
  </div>
  <div class="e-content"><p>${text} See <a href="${new URL(source).origin}/notes">my notes</a> &amp; more.</p><script>document.write('not text')</script></div>
  <a class="u-url" href="${source}"><time class="dt-published" datetime="2024-05-01T10:00:00Z">1 May 2024</time></a>
</article>
</body></html>`

export const likePage = (source: string, author: string, property = 'u-like-of') => `<!doctype html>
<html><body><div class="h-entry">
  <a class="p-author h-card" href="${new URL(source).origin}/">${author}</a>
  <a class="${property}" href="${ESSAY_URL}">this essay</a>
  <a class="u-url" href="${source}">#</a>
</div></body></html>`

export const mentionPage = (source: string, author: string) => `<!doctype html>
<html><body><article class="h-entry">
  <h1 class="p-name">Weekly links</h1>
  <span class="p-author h-card"><a class="u-url p-name" href="${new URL(source).origin}/">${author}</a></span>
  <div class="e-content"><p>Worth reading: <a href="${ESSAY_URL}">management versus leadership</a>.</p></div>
</article></body></html>`

export const plainPage = () => `<!doctype html>
<html><head><title>Links</title></head><body><p>I read <a href="${ESSAY_URL}">this</a> today.</p></body></html>`

export const scriptOnlyPage = () => `<!doctype html>
<html><body><p>Nothing linked here.</p>
<script>var later = '<a href="${ESSAY_URL}">x</a>'</script>
<!-- <a href="${ESSAY_URL}">commented out</a> -->
</body></html>`
