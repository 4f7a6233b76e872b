import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's chromium package (`.ci/run` and `npm run setup:browser` install it). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Flags for a machine without network: without them Chromium stalls on refused connections (component updates,
 * sync, QUIC). Playwright adds --headless, --no-sandbox (no chromiumSandbox) and a fresh --user-data-dir.
 */
const CHROMIUM_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One headless Chromium for a test file; each test opens its own context (its own sessionStorage). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium package (npm run setup:browser).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, chromiumSandbox: false, args: CHROMIUM_ARGS });
}

/** Where the console's screenshots go (shown in the README). */
export const SCREENSHOTS_DIR = join(__dirname, '..', '..', 'docs', 'screenshots');

/** Screenshots are taken by `npm run screenshots` only, so that a test run leaves the tracked files as they were. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  if (!process.env.SITESHIFT_SCREENSHOTS) return;
  mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** Collects every dialog (dismissed), page error and console error of `page`: a script that ran, a resource the policy refused. */
export function collectPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  return problems;
}
