import { defineConfig, type Options } from 'tsup';
import { existsSync } from 'node:fs';

// Adapters import the core only through 'cadlens' so they use exactly what outside authors can use;
// it stays external in their bundles and resolves to this package's root entry at run time.
const adapterEntries = Object.fromEntries(
  ['memory', 'file', 'postgres', 'supabase', 'redis', 'pg-boss']
    .filter((name) => existsSync(`adapters/${name}/index.ts`))
    .map((name) => [`adapters/${name}/index`, `adapters/${name}/index.ts`]),
);

const optionalEntries = Object.fromEntries(
  [
    ['testing/index', 'src/testing/index.ts'],
    ['browser', 'src/browser.ts'],
    ['three', 'src/three.ts'],
  ].filter(([, file]) => existsSync(file)),
);

// three and three-mesh-bvh (the self-intersection BVH, core) are bundled into the CommonJS build only: requiring
// them would load three's CJS build, which prints a THREE_CJS_DEPRECATED warning on every `require('cadlens')`.
// The ESM build imports three, so an app that uses three itself shares one copy. three-mesh-bvh is bundled into
// the ESM build too (only MeshBVH and what it reaches, importing the shared three): as a package it is 55 ES modules
// that `import 'cadlens/node'` resolved and linked one by one (bench/README.md, session 8); cadlens keeps no BVH
// object an app could share.
const bundledEverywhere = ['three-mesh-bvh'];
const esmOnlyExternals = ['three'];

// Node 20 drops a script's `import()` callback when the script comes from a V8 code cache ("A dynamic import
// callback was not specified"), so in the CLI bundle every `await import(x)` (its optional packages, the
// adapters, a recognizers module) goes through `__cadlensImport`: the launcher's own `import()` when
// dist/cli.js compiled the bundle, the bundle's `import()` when it is required as is. The build fails on
// an `import(` it did not route, so a new one cannot break the cached CLI unnoticed.
const routeDynamicImports: NonNullable<Options['plugins']>[number] = {
  name: 'cadlens-route-dynamic-imports',
  renderChunk(code) {
    const routed = code.replaceAll('await import(', 'await __cadlensImport(');
    const left = routed.match(/[^\w$.]import\(/g);
    if (left) throw new Error(`cli-main: ${left.length} import( not of the form 'await import(': route them through __cadlensImport`);
    const hook = "const __cadlensImport = typeof __cadlensImportHook === 'function' ? __cadlensImportHook : (specifier) => import(specifier);\n";
    return { code: routed.replace(/^("use strict";\n)?/, (strict) => `${strict}${hook}`) };
  },
};

export default defineConfig([
  {
    // pool-worker is loaded by URL in the analyzer pool's worker threads (src/runtime/node/pool/pool-worker-url.ts).
    entry: { index: 'src/index.ts', 'index-node': 'src/index-node.ts', node: 'src/node.ts', 'pool-worker': 'src/runtime/node/pool/pool-worker.ts', ...optionalEntries, ...adapterEntries },
    format: ['esm', 'cjs'],
    dts: true,
    // No source maps: they were 5.8 MB of the 8.7 MB package, and a shipped `sourceMappingURL` without its
    // file makes bundlers warn. The bundles are unminified, so stack traces stay readable.
    sourcemap: false,
    clean: false,
    target: 'es2022',
    splitting: true,
    treeshake: true,
    // import.meta.url in the CJS build (the worker and model paths are resolved from it).
    shims: true,
    // …but not tsup's ESM shims (`__dirname` via Node's 'path' and 'url'): code splitting puts them in a chunk
    // that every ESM entry imports, so the browser-safe `cadlens` and `cadlens/browser` would import Node
    // built-ins and fail in browser bundlers. The ESM code uses import.meta.url and needs no shim.
    esbuildOptions(options, { format }) {
      if (format === 'esm') {
        options.inject = options.inject?.filter((file) => !file.endsWith('esm_shims.js'));
        options.external = [...(options.external ?? []), ...esmOnlyExternals];
      }
    },
    noExternal: [...esmOnlyExternals, ...bundledEverywhere],
    // The occt worker is plain JS loaded by URL at run time, not imported: ship it beside the bundles.
    onSuccess: 'cp src/runtime/node/occt-worker.mjs dist/occt-worker.mjs',
    external: [
      'cadlens',
      'cadlens/node',
      'cadlens/testing',
      // The CLI (part of cadlens/node) loads the adapters through their public entries, at run time
      // (`cadlens migrate`: postgres; `cadlens serve`: the configured store).
      'cadlens/adapters/memory',
      'cadlens/adapters/file',
      'cadlens/adapters/postgres',
      'cadlens/adapters/supabase',
      'cadlens/adapters/pg-boss',
      'cadlens/adapters/redis',
      'occt-import-js',
      'onnxruntime-node',
      'onnxruntime-web',
      'pg',
      '@supabase/supabase-js',
      'prom-client',
      'ioredis',
      'pg-boss',
      'lru-cache',
      'vitest',
    ],
  },
  {
    // The Web Worker script: ESM only (module workers), self-contained but for the wasm packages the app serves.
    entry: { 'browser-worker': 'src/browser-worker.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: false,
    clean: false,
    target: 'es2022',
    platform: 'browser',
    // One file: the analyzer's lazily imported modules (the mesh path, the self-intersection BVH, the
    // result schema) are inlined behind their `import()` instead of becoming chunks beside the worker.
    splitting: false,
    external: ['occt-import-js', 'onnxruntime-web', 'three', 'three-mesh-bvh'],
  },
  {
    // The CLI itself, one CommonJS file: dist/cli.js (below) compiles it with a V8 code cache, which Node 20
    // offers for scripts only (bench/README.md, session 5). Its `import()`s of the mesh path, the result
    // schema and the HTTP and pool code stay lazy (esbuild inlines them behind the call, unparsed until run
    // but for a pre-parse, which the cache covers).
    // pool-worker-main: the analyzer pool's worker as one CommonJS file too, for the CLI's pools: its workers
    // compile it through a code cache of their own (dist/pool-worker-cached.js, src/runtime/node/pool/cached-pool-worker.ts).
    entry: { 'cli-main': 'src/runtime/node/cli/bin.ts', 'pool-worker-main': 'src/runtime/node/pool/pool-worker.ts' },
    format: ['cjs'],
    plugins: [routeDynamicImports],
    dts: false,
    sourcemap: false,
    clean: false,
    target: 'node20',
    shims: true,
    // `cadlens migrate` imports cadlens/adapters/postgres at run time (the package resolves itself), so
    // neither the adapter nor pg is bundled into the CLI. three and three-mesh-bvh are bundled, as in the
    // library's CommonJS build (requiring three prints a deprecation warning), behind the lazy import of
    // the self-intersection check: a run without a mesh never initialises them.
    external: ['cadlens/adapters/memory', 'cadlens/adapters/file', 'cadlens/adapters/postgres', 'cadlens/adapters/supabase', 'cadlens/adapters/pg-boss', 'cadlens/adapters/redis', 'pg-boss', 'occt-import-js', 'onnxruntime-node', 'pg', '@supabase/supabase-js', 'prom-client', 'ioredis'],
    noExternal: [...esmOnlyExternals, ...bundledEverywhere],
  },
  {
    // The `cadlens` executable: a few lines that load dist/cli-main.cjs through the code cache.
    // pool-worker-cached: the CLI pool's worker launcher, which loads dist/pool-worker-main.cjs through its cache.
    entry: { cli: 'src/runtime/node/cli/launch.ts', 'pool-worker-cached': 'src/runtime/node/pool/cached-pool-worker.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: false,
    clean: false,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // Each launcher one file (the shared code-cache helper inlined), Node built-ins only.
    splitting: false,
  },
]);
