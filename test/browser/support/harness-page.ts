import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { AnalysisResult } from '../../../src/result/index.js';
import { bundleApp } from './bundle-app.js';
import { startStaticServer, type StaticServer } from './static-server.js';
import { launchChromium, type ChromiumSession, type PageProblems } from './chromium.js';
import { SHARED_DIR } from '../../support/shared-data.js';

export const REPO = fileURLToPath(new URL('../../..', import.meta.url));
/** <shared>/models/aagnet (partA.step lives there); tests skip with a reason when absent. */
export const SHARED_AAGNET = join(SHARED_DIR, 'models', 'aagnet');
export const PART_A = join(SHARED_AAGNET, 'partA.step');
export const HAS_PART_A = existsSync(PART_A);

export interface HarnessPage {
  server: StaticServer;
  chromium: ChromiumSession;
  page: Page;
  problems: PageProblems;
  /** Modules the bundle was built from (paths as esbuild reports them). */
  bundleInputs: string[];
  bundleBytes: number;
  /** Calls `window.cadlensHarness[fn](...args)` in the page. */
  call<T = AnalysisResult>(fn: string, ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

/**
 * Bundles the harness against `cadlensEntry`, serves it with the occt-import-js and onnxruntime-web
 * files of the node_modules that entry resolves them from, the model (`modelsDir`, default this
 * repository's `models/`) and the STEP fixtures, and opens it in Chromium.
 */
export async function openHarness(cadlensEntry: string, options: { modelsDir?: string } = {}): Promise<HarnessPage> {
  const { code, inputs } = await bundleApp(cadlensEntry);
  const req = createRequire(cadlensEntry);
  const dirs: Record<string, string> = {
    '/ort/': dirname(req.resolve('onnxruntime-web')), // …/onnxruntime-web/dist
    '/occt/': dirname(req.resolve('occt-import-js')),
    '/models/': options.modelsDir ?? join(REPO, 'models'),
    '/fixtures/': join(REPO, 'test/fixtures/step'),
  };
  if (HAS_PART_A) dirs['/shared-aagnet/'] = SHARED_AAGNET;
  const html = await import('node:fs').then((fs) => fs.readFileSync(fileURLToPath(new URL('../harness/index.html', import.meta.url)), 'utf8'));
  const server = await startStaticServer({
    dirs,
    files: { '/': { body: html, type: 'text/html; charset=utf-8' }, '/app.js': { body: code, type: 'text/javascript; charset=utf-8' } },
  });
  let chromium: ChromiumSession | undefined;
  try {
    chromium = await launchChromium(server.origin);
    const { page, problems } = await chromium.open(`${server.origin}/`);
    return {
      server,
      chromium,
      page,
      problems,
      bundleInputs: inputs,
      bundleBytes: code.length,
      call: (fn, ...args) =>
        page.evaluate(
          ([f, a]) => (globalThis as unknown as Record<string, Record<string, (...x: unknown[]) => unknown>>).cadlensHarness[f as string](...(a as unknown[])),
          [fn, args] as const,
        ) as never,
      async close() {
        await chromium!.close();
        await server.close();
      },
    };
  } catch (e) {
    await chromium?.close().catch(() => undefined);
    await server.close();
    throw e;
  }
}
