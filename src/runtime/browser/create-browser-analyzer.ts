/**
 * Browser defaults wired in one call: in-thread OpenCascade, Tier 1 on onnxruntime-web (WebGPU → wasm),
 * and the browser-safe Tiers 2–4. No `node:` imports.
 */
import { createAnalyzer, type Analyzer, type AnalyzerOptions } from '../../analyze/index.js';
import { CircuitBreaker } from '../../resilience/circuit-breaker.js';
import { guardWithBreaker, type Recognizer } from '../../stages/recognize/index.js';
import { createAagnetRecognizer, type AagnetRecognizerOptions } from '../../stages/recognize/tier1-aagnet/index.js';
import { createHeuristicRecognizer } from '../../stages/recognize/tier2-heuristics/index.js';
import { createPointCloudRecognizer } from '../../stages/recognize/tier3-point-cloud/index.js';
import { createMeshOnlyRecognizer } from '../../stages/recognize/tier4-mesh-only/index.js';
import { createOcctInlineTessellator, type OcctInlineTessellatorOptions, type OcctModuleFactory } from './occt-inline-tessellator.js';
import { createOnnxWebEngine, type OnnxWebEngineOptions } from './onnx-web-engine.js';

/** Options of {@link createBrowserRecognizers}. */
export interface BrowserRecognizersOptions {
  /**
   * The AAGNet model for Tier 1: a URL the page can fetch (serve the package's
   * `models/aagnet-cadlens-ft.onnx`, the network the default Node Tier 1 runs, as a static asset) or its bytes. `null` leaves Tier 1 out, so
   * onnxruntime-web is never loaded.
   */
  model: OnnxWebEngineOptions['model'] | null;
  /**
   * onnxruntime-web engine options other than the model, e.g. `ort` (your imported and configured
   * `onnxruntime-web`, with `env.wasm.wasmPaths` pointing at where you serve its `.wasm` files) or
   * `executionProviders`.
   * @defaultValue `{}`: onnxruntime-web imported lazily, providers `['webgpu', 'wasm']`
   */
  engine?: Omit<OnnxWebEngineOptions, 'model' | 'signal'>;
  /** Tier 1 options other than the engine. */
  tier1?: Omit<AagnetRecognizerOptions, 'engine' | 'engineFactory'>;
  /** The breaker guarding Tier 1. @defaultValue `new CircuitBreaker({ name: 'aagnet' })` */
  breaker?: CircuitBreaker;
}

/**
 * The built-in recognition tiers for the browser, best first — the browser twin of `cadlens/node`'s
 * `createDefaultRecognizers`. Tier 1 (AAGNet on onnxruntime-web) fetches the model and creates its
 * session on first use; the provider it ended up on (`webgpu`, or `wasm` when the page has no WebGPU
 * adapter or the model fails there) is in `result.recognition.details.provider`. If the model cannot be
 * loaded, Tier 1 declines and Tier 2 (AAG heuristics) answers; Tier 1 sits behind a circuit breaker
 * named `aagnet`. Tiers 3 (point cloud) and 4 (mesh only) follow.
 *
 * @example
 * ```ts
 * const recognizers = createBrowserRecognizers({ model: '/assets/aagnet-cadlens-ft.onnx' });
 * ```
 */
export function createBrowserRecognizers(options: BrowserRecognizersOptions): Recognizer[] {
  const lower: Recognizer[] = [createHeuristicRecognizer(), createPointCloudRecognizer(), createMeshOnlyRecognizer()];
  const { model } = options;
  if (model === null) return lower;
  const tier1 = createAagnetRecognizer({
    ...options.tier1,
    engineFactory: (signal) => createOnnxWebEngine({ ...options.engine, model, ...(signal ? { signal } : {}) }),
  });
  return [guardWithBreaker(tier1, options.breaker ?? new CircuitBreaker({ name: 'aagnet' })), ...lower];
}

/** Options of {@link createBrowserAnalyzer}. */
export interface BrowserAnalyzerOptions extends Partial<Omit<AnalyzerOptions, 'recognizers'>>, BrowserRecognizersOptions {
  /**
   * The in-thread OpenCascade tessellator's options (ignored when `tessellator` is given). Point
   * occt-import-js at its `.wasm` with `moduleOverrides: { locateFile: (f) => '/assets/' + f }` when
   * your bundler does not serve it next to the page.
   * @defaultValue `loadFactory` imports `occt-import-js` lazily
   */
  occt?: Partial<OcctInlineTessellatorOptions>;
  /** Replaces the default recognizers (see {@link createBrowserRecognizers}). */
  recognizers?: readonly Recognizer[];
}

async function importOcct(): Promise<OcctModuleFactory> {
  // occt-import-js ships no type declarations; the literal specifier lets the app's bundler include it.
  // @ts-ignore TS7016 (no declaration file), deliberately not @ts-expect-error: it may gain types
  const mod = (await import('occt-import-js')) as unknown as OcctModuleFactory | { default: OcctModuleFactory };
  return typeof mod === 'function' ? mod : mod.default;
}

/**
 * Creates an analyzer for a web page or Web Worker: OpenCascade (occt-import-js) runs in the calling
 * thread (run this inside a Web Worker to keep the page responsive: an import cannot be interrupted),
 * recognition uses {@link createBrowserRecognizers}. Every option of `createAnalyzer` can be given.
 *
 * @throws CadlensError `CONFIG_INVALID` from `createAnalyzer` for invalid options. Bad input never
 *   throws: `analyze()` yields a result with failed stages.
 * @example
 * ```ts
 * import * as ort from 'onnxruntime-web';
 * import { createBrowserAnalyzer } from 'cadlens/browser';
 * ort.env.wasm.wasmPaths = '/assets/ort/';
 * const analyzer = createBrowserAnalyzer({
 *   model: '/assets/aagnet-cadlens-ft.onnx',
 *   engine: { ort },
 *   occt: { moduleOverrides: { locateFile: (f: string) => `/assets/${f}` } },
 * });
 * const result = await analyzer.analyze(await file.arrayBuffer().then((b) => new Uint8Array(b)), { name: file.name });
 * result.recognition?.details?.provider; // 'webgpu' or 'wasm'
 * ```
 */
export function createBrowserAnalyzer(options: BrowserAnalyzerOptions): Analyzer {
  const { occt, model, engine, tier1, breaker, recognizers, tessellator, ...rest } = options;
  return createAnalyzer({
    ...rest,
    tessellator: tessellator ?? createOcctInlineTessellator({ loadFactory: importOcct, ...occt }),
    recognizers: recognizers ?? createBrowserRecognizers({ model, engine, tier1, breaker }),
  });
}
