/**
 * The test page's script, bundled by support/bundle-app.ts. `../../../src/browser.js` is redirected at
 * bundle time to the cadlens build under test (this checkout's source, or an installed package).
 * Exposes `window.cadlensHarness` for page.evaluate; everything it returns is plain JSON.
 */
import * as cadlens from '../../../src/browser.js';
import * as ort from 'onnxruntime-web';

// Served by the test server from node_modules: nothing is fetched from anywhere else.
ort.env.wasm.wasmPaths = '/ort/';
ort.env.wasm.numThreads = 1; // the page is not cross-origin isolated: no SharedArrayBuffer threads
const occtOverrides = { locateFile: (file: string) => `/occt/${file}` };

async function fetchBytes(url: string): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const loadOcct = async () => {
  // @ts-ignore TS7016: occt-import-js ships no type declarations
  const mod = await import('occt-import-js');
  return (mod.default ?? mod) as cadlens.OcctInlineTessellatorOptions extends { loadFactory: () => infer F } ? Awaited<F> : never;
};

const harness = {
  version: cadlens.CADLENS_VERSION,
  exportsList: () => Object.keys(cadlens).sort(),

  /** The low-level path: createAnalyzer + the inline occt tessellator + Tier 2. */
  async analyzeCore(url: string, name: string) {
    const analyzer = cadlens.createAnalyzer({
      tessellator: cadlens.createOcctInlineTessellator({ loadFactory: loadOcct, moduleOverrides: occtOverrides }),
      recognizers: [cadlens.createHeuristicRecognizer()],
    });
    try {
      return await analyzer.analyze(await fetchBytes(url), { name });
    } finally {
      await analyzer.dispose();
    }
  },

  /** The convenience path: createBrowserAnalyzer with Tier 1 on onnxruntime-web (WebGPU → wasm). */
  async analyzeBrowser(url: string, name: string, model: string | null = '/models/aagnet-cadlens-ft.onnx') {
    const analyzer = cadlens.createBrowserAnalyzer({
      model,
      engine: { ort },
      occt: { moduleOverrides: occtOverrides },
    });
    try {
      const blob = await fetch(url).then((r) => (r.ok ? r.blob() : Promise.reject(new Error(`GET ${url}: HTTP ${r.status}`))));
      return await analyzer.analyze(blob, { name }); // a Blob, as from <input type=file>
    } finally {
      await analyzer.dispose();
    }
  },

  /** What this page offers for WebGPU (the tests expect no adapter with --disable-gpu). */
  async webgpu() {
    const gpu = (navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
    if (!gpu) return { api: false, adapter: false };
    return { api: true, adapter: (await gpu.requestAdapter().catch(() => null)) != null };
  },
};

(globalThis as unknown as { cadlensHarness: typeof harness }).cadlensHarness = harness;
export type Harness = typeof harness;
