// Moderation dashboard keys (progressive enhancement: every action is also a plain form button).
// j/k move between comments, a/s/t press that comment's Approve/Spam/Trash, o opens or closes its
// full text (the <details>), x ticks its checkbox.
;(() => {
  const items = Array.from(document.querySelectorAll('.admin-comment'))
  const hint = document.querySelector('.admin-keys')
  const selectAll = document.getElementById('select-all')
  if (hint) hint.hidden = false
  if (selectAll) {
    selectAll.closest('label').hidden = false
    const boxes = () => Array.from(document.querySelectorAll('input[name="ids"][form="bulk"]'))
    selectAll.addEventListener('change', () =>
      boxes().forEach((box) => (box.checked = selectAll.checked)),
    )
    document.addEventListener('change', (event) => {
      if (event.target.name !== 'ids') return
      const all = boxes()
      selectAll.checked = all.every((box) => box.checked)
      selectAll.indeterminate = !selectAll.checked && all.some((box) => box.checked)
    })
  }
  if (!items.length) return
  let current = Math.max(
    0,
    items.findIndex((item) => location.hash === '#' + item.id),
  )
  const focus = (index) => {
    current = Math.min(items.length - 1, Math.max(0, index))
    items.forEach((item, i) => item.classList.toggle('current', i === current))
    items[current].focus()
  }
  if (location.hash) focus(current)
  const keys = { a: 'approve', s: 'spam', t: 'trash' }
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return
    const target = event.target
    if (target.closest && target.closest('input, textarea, select, [contenteditable]')) return
    if (event.key === 'j') focus(current + 1)
    else if (event.key === 'k') focus(current - 1)
    else if (event.key === 'o') {
      const details = items[current].querySelector('details')
      if (details) details.open = !details.open
    } else if (event.key === 'x') {
      const box = items[current].querySelector('input[name="ids"]')
      if (box) box.click()
    } else if (keys[event.key]) {
      const button = items[current].querySelector('button[data-action="' + keys[event.key] + '"]')
      if (!button) return
      button.disabled = true
      if (button.form.requestSubmit) button.form.requestSubmit()
      else button.form.submit()
    } else return
    event.preventDefault()
  })
})()
