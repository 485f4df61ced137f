import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (CI installs it: `apt-get install chromium`). Never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
export const NO_CHROMIUM_REASON = `${CHROMIUM_PATH} not found (apt-get install chromium): browser tests skipped`;

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PageProblems {
  /** console.error messages and uncaught page errors. */
  errors: string[];
  /** Requests to anything but the test server (they are aborted). */
  offOrigin: string[];
}

export interface ChromiumSession {
  context: BrowserContext;
  /**
   * Opens `url` in a new page that records problems; off-origin requests are aborted. Resolves when the
   * page defines the global `readyGlobal` (default: the test harness's `cadlensHarness`).
   */
  open(url: string, readyGlobal?: string): Promise<{ page: Page; problems: PageProblems }>;
  close(): Promise<void>;
}

/** Launches Chromium with a fresh, empty user-data-dir (removed on close). */
export async function launchChromium(allowedOrigin: string): Promise<ChromiumSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'cadlens-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: FLAGS,
  });
  return {
    context,
    async open(url, readyGlobal = 'cadlensHarness') {
      const problems: PageProblems = { errors: [], offOrigin: [] };
      const page = await context.newPage();
      await page.route('**/*', (route) => {
        const u = route.request().url();
        if (u.startsWith(`${allowedOrigin}/`) || u.startsWith('data:')) return route.continue();
        problems.offOrigin.push(u);
        return route.abort();
      });
      page.on('console', (m) => {
        if (m.type() === 'error') problems.errors.push(`console.error: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.errors.push(`pageerror: ${e.message}`));
      await page.goto(url);
      await page.waitForFunction((name) => name in globalThis, readyGlobal, { timeout: 30_000 });
      return { page, problems };
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
