/** Chromium from Debian, driven by playwright-core, plus the few helpers every browser test uses. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core'
import { inject } from 'vitest'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const baseUrl = () => inject('baseUrl')
export const adminToken = () => inject('adminToken')
export const SEED_SLUG = 'management-versus-leadership'
export const SEED_TITLE = 'Management Versus Leadership'

/** playwright's launch() gives every browser a fresh temporary user-data dir and removes it on close. */
export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
}

export async function newContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 1280, height: 900 },
    ...options,
  })
  // A locator that finds nothing should fail in seconds, not after Playwright's default 30.
  context.setDefaultTimeout(10_000)
  return context
}

/** Every console error and failed page load is a finding: collect them per page. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`)
  })
  return errors
}

const axeSource = readFileSync(
  join(new URL('../..', import.meta.url).pathname, 'node_modules/axe-core/axe.min.js'),
  'utf8',
)

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

/**
 * axe-core on the page as it is now. axe arrives as an inline script, which the site's CSP rightly
 * refuses, so the caller's context must be created with `bypassCSP: true` (only the axe context is).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource })
  const result = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> }
      }
    ).axe
    return axe.run(document, { resultTypes: ['violations'] })
  })
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
  }))
}

export const serious = (violations: AxeViolation[]) =>
  violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')

export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).join('\n  ')}`,
    )
    .join('\n')
}

export function screenshotPath(name: string): string {
  return join(inject('artifactsDir'), `${name}.png`)
}
