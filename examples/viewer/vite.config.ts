// Vite config of the example viewer. Everything the page needs is served from this machine: the
// OpenCascade and onnxruntime-web wasm files and the AAGNet model are copied out of node_modules and
// models/ (dev: served by a middleware; build: emitted under cadlens-assets/, once each), never fetched from a CDN.
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../..');
const require = createRequire(join(repo, 'package.json'));

/** URL folder → files on disk the viewer serves as static assets. */
export function viewerAssets(): Record<string, { dir: string; files: string[] }> {
  const occtDir = dirname(require.resolve('occt-import-js'));
  const ortDir = dirname(require.resolve('onnxruntime-web'));
  return {
    'cadlens-assets/occt/': { dir: occtDir, files: ['occt-import-js.wasm'] },
    // `import 'onnxruntime-web'` runs the JSEP build (WebGPU and wasm providers): only its two files are fetched.
    'cadlens-assets/ort/': { dir: ortDir, files: ['ort-wasm-simd-threaded.jsep.mjs', 'ort-wasm-simd-threaded.jsep.wasm'] },
    'cadlens-assets/models/': { dir: join(repo, 'models'), files: ['aagnet-cadlens-ft.onnx'] },
  };
}

function serveCadlensAssets(): Plugin {
  const assets = viewerAssets();
  const type = (f: string) => (f.endsWith('.wasm') ? 'application/wasm' : f.endsWith('.mjs') ? 'text/javascript' : 'application/octet-stream');
  return {
    name: 'cadlens-assets',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0].replace(/^\//, '');
        for (const [prefix, { dir, files }] of Object.entries(assets)) {
          const file = path.startsWith(prefix) ? path.slice(prefix.length) : null;
          if (file && files.includes(file)) {
            res.setHeader('content-type', type(file));
            res.setHeader('content-length', statSync(join(dir, file)).size);
            createReadStream(join(dir, file)).pipe(res);
            return;
          }
        }
        next();
      });
    },
    generateBundle() {
      for (const [prefix, { dir, files }] of Object.entries(assets))
        for (const file of files) this.emitFile({ type: 'asset', fileName: `${prefix}${file}`, source: readFileSync(join(dir, file)) });
    },
  };
}

export default defineConfig({
  root: here,
  base: './',
  resolve: {
    // onnxruntime-web's default ESM build (ort.bundle.min.mjs) embeds the Emscripten glue and holds
    // `new URL('ort-wasm-simd-threaded.jsep.wasm', import.meta.url)`, so Vite would emit a second, hashed
    // copy of the 28 MB wasm beside the one served from cadlens-assets/ort/ (the worker sets wasmPaths to
    // that folder, so the hashed copy is never fetched). The export condition onnxruntime-web's
    // package.json offers for this selects ort.min.mjs instead: no embedded glue, no `new URL` of the
    // wasm; it loads both files from wasmPaths. test/browser/viewer-build.test.ts checks one copy of each.
    conditions: ['onnxruntime-web-use-extern-wasm', ...defaultClientConditions],
    // The example runs against this checkout's sources; an app uses the installed package instead.
    alias: [
      { find: /^cadlens\/browser-worker$/, replacement: join(repo, 'src/browser-worker.ts') },
      { find: /^cadlens\/browser$/, replacement: join(repo, 'src/browser.ts') },
      { find: /^cadlens\/three$/, replacement: join(repo, 'src/three.ts') },
    ],
  },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4096 },
  plugins: [serveCadlensAssets()],
});
