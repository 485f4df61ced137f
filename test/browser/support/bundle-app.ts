import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

const harnessEntry = fileURLToPath(new URL('../harness/app.ts', import.meta.url));

/**
 * Bundles the test page's script the way a viewer's bundler would (esbuild, platform browser, ESM),
 * with the harness's `../../../src/browser.js` import resolved to `cadlensEntry`: `src/browser.ts` of this checkout, or the
 * installed package's `dist/browser.js`. onnxruntime-web and occt-import-js are bundled from the
 * node_modules next to that entry; their `.wasm` files are not bundled — the page serves them from
 * node_modules. occt-import-js's Emscripten glue has a Node branch (`require('fs'|'path'|'crypto')`)
 * that never runs in a browser: those stay external, as a viewer's bundler would stub them.
 */
export async function bundleApp(cadlensEntry: string): Promise<{ code: string; inputs: string[] }> {
  const result = await build({
    entryPoints: [harnessEntry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    metafile: true,
    logLevel: 'silent',
    external: ['fs', 'path', 'crypto'],
    plugins: [
      {
        name: 'cadlens-under-test',
        setup(b) {
          b.onResolve({ filter: /src\/browser\.js$/ }, (args) => (args.importer === harnessEntry ? { path: cadlensEntry } : undefined));
          // The harness's own onnxruntime-web / occt-import-js imports resolve where cadlens's do, so the
          // page has one copy of each (as an app that installed them beside cadlens would).
          b.onResolve({ filter: /^(onnxruntime-web|occt-import-js)$/ }, (args) =>
            args.importer === harnessEntry && args.pluginData !== 'rerouted'
              ? b.resolve(args.path, { kind: args.kind, resolveDir: dirname(cadlensEntry), pluginData: 'rerouted' })
              : undefined,
          );
        },
      },
    ],
  });
  return { code: result.outputFiles[0].text, inputs: Object.keys(result.metafile.inputs) };
}
