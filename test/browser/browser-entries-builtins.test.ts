import { describe, expect, it } from 'vitest';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { REPO } from './support/harness-page.js';

// Build-time proof that the browser entries reach no Node built-in: bundle each as a browser bundler would
// and list every import of a built-in (`fs`, `node:fs`, …) with the module that makes it.
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

async function builtinImports(entry: string): Promise<{ importer: string; path: string }[]> {
  const result = await build({
    entryPoints: [join(REPO, entry)],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: [...BUILTINS],
  });
  const found: { importer: string; path: string }[] = [];
  for (const [importer, input] of Object.entries(result.metafile.inputs))
    for (const imp of input.imports) if (BUILTINS.has(imp.path)) found.push({ importer, path: imp.path });
  return found;
}

describe('browser entries reach no Node built-in (esbuild, platform browser)', () => {
  for (const entry of ['src/browser.ts', 'src/browser-worker.ts', 'src/three.ts']) {
    it(`${entry}: built-ins only in occt-import-js's Emscripten glue (its Node branch never runs in a browser)`, async () => {
      const found = await builtinImports(entry);
      const ours = found.filter((f) => !f.importer.includes('node_modules/occt-import-js/'));
      expect(ours).toEqual([]);
      // The glue's own imports are exactly the three a bundler stubs.
      expect([...new Set(found.map((f) => f.path.replace(/^node:/, '')))].sort()).toEqual(entry === 'src/three.ts' ? [] : ['crypto', 'fs', 'path']);
    }, 60_000);
  }
});
