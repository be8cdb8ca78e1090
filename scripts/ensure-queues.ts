/**
 * `npm run deploy` step: creates every queue wrangler.toml names (producers, consumers and their
 * dead-letter queues) that the account does not have yet, because `wrangler deploy` refuses a worker
 * bound to a queue that does not exist. Idempotent: an existing queue is left alone. Reads the names
 * from wrangler.toml, so a feature that adds a queue needs no change here.
 */
import { execFileSync } from 'node:child_process'
import { unstable_readConfig } from 'wrangler'

const wrangler = unstable_readConfig({ config: process.argv[2] ?? 'wrangler.toml' })
const wanted = new Set<string>()
for (const producer of wrangler.queues.producers ?? []) wanted.add(producer.queue)
for (const consumer of wrangler.queues.consumers ?? []) {
  wanted.add(consumer.queue)
  if (consumer.dead_letter_queue) wanted.add(consumer.dead_letter_queue)
}

if (wanted.size === 0) {
  console.log('queues: none configured')
} else {
  const listing = execFileSync('npx', ['wrangler', 'queues', 'list'], { encoding: 'utf8' })
  for (const queue of wanted) {
    // The listing is a table; a queue is present when its name appears as a whole token in it
    // (queue names are letters, digits, '-' and '_', so anything else separates them).
    const present = tokens(listing).has(queue)
    if (present) {
      console.log(`queue ${queue}: exists`)
      continue
    }
    console.log(`queue ${queue}: creating`)
    execFileSync('npx', ['wrangler', 'queues', 'create', queue], { stdio: 'inherit' })
  }
}

function tokens(text: string): Set<string> {
  const found = new Set<string>()
  let current = ''
  for (const char of text) {
    if (/[\w-]/.test(char)) current += char
    else {
      if (current) found.add(current)
      current = ''
    }
  }
  if (current) found.add(current)
  return found
}
