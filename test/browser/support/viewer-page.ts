import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build, type InlineConfig } from 'vite';
import { launchChromium, type ChromiumSession, type PageProblems } from './chromium.js';
import { HAS_PART_A, REPO, SHARED_AAGNET } from './harness-page.js';
import { startStaticServer, type StaticServer } from './static-server.js';

export const VIEWER_DIR = join(REPO, 'examples', 'viewer');

export interface ViewerPage {
  server: StaticServer;
  chromium: ChromiumSession;
  page: Page;
  problems: PageProblems;
  /** The built viewer (removed on close). */
  outDir: string;
  close(): Promise<void>;
}

/**
 * Builds the example viewer with Vite from its own vite.config.ts into `outDir` (emptied first), as
 * `npx vite build --config examples/viewer/vite.config.ts` does. `inline` is merged over that config.
 */
export async function buildViewer(outDir: string, inline: InlineConfig = {}): Promise<void> {
  await build({ ...inline, configFile: join(VIEWER_DIR, 'vite.config.ts'), build: { outDir, emptyOutDir: true }, logLevel: 'error' });
}

/**
 * Builds the example viewer with Vite (its own vite.config.ts, as `npm run build` in examples/viewer
 * would), serves the build with the STEP fixtures (`/fixtures/`) and, when present, the shared AAGNet
 * parts (`/shared-aagnet/`) and any `extraDirs` (URL prefix → folder), and opens it in Chromium. The page may fetch nothing off-origin.
 */
export async function openViewer(query = '', extraDirs: Record<string, string> = {}): Promise<ViewerPage> {
  const outDir = mkdtempSync(join(tmpdir(), 'cadlens-viewer-'));
  await buildViewer(outDir);
  const dirs: Record<string, string> = {
    '/assets/': join(outDir, 'assets'),
    '/cadlens-assets/': join(outDir, 'cadlens-assets'),
    '/fixtures/': join(REPO, 'test/fixtures/step'),
  };
  if (HAS_PART_A) dirs['/shared-aagnet/'] = SHARED_AAGNET;
  Object.assign(dirs, extraDirs);
  const server = await startStaticServer({
    dirs,
    files: { '/': { body: readFileSync(join(outDir, 'index.html')), type: 'text/html; charset=utf-8' } },
  });
  let chromium: ChromiumSession | undefined;
  try {
    chromium = await launchChromium(server.origin);
    const { page, problems } = await chromium.open(`${server.origin}/${query}`, 'cadlensViewer');
    await page.setViewportSize({ width: 1280, height: 800 });
    return {
      server,
      chromium,
      page,
      problems,
      outDir,
      async close() {
        await chromium!.close();
        await server.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await chromium?.close().catch(() => undefined);
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
    throw e;
  }
}
