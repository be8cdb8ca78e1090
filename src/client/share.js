// Share block enhancement: reveal "Copy link" and "Share…" only where the browser can do them.
;(() => {
  const block = document.querySelector('.share-block[data-share-url]')
  if (!block) return
  const data = { title: block.dataset.shareTitle, url: block.dataset.shareUrl }
  const status = block.querySelector('[data-share-status]')
  const say = (text) => {
    if (status) status.textContent = text
  }
  const reveal = (button, onClick) => {
    button.hidden = false
    button.parentElement.hidden = false
    button.addEventListener('click', onClick)
  }
  const copy = block.querySelector('[data-share-copy]')
  if (copy && navigator.clipboard && navigator.clipboard.writeText) {
    reveal(copy, () =>
      navigator.clipboard.writeText(data.url).then(
        () => say(block.dataset.shareCopied),
        () => say(block.dataset.shareCopyFailed),
      ),
    )
  }
  const native = block.querySelector('[data-share-native]')
  if (native && navigator.share && navigator.canShare && navigator.canShare(data)) {
    // A cancelled share sheet rejects with AbortError: nothing to tell the reader.
    reveal(native, () => navigator.share(data).catch(() => {}))
  }
})()
