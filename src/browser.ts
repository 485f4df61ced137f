/**
 * cadlens/browser: everything in `cadlens`, plus the onnxruntime-web engine (WebGPU with wasm fallback).
 * Kept out of the root entry so embedders that do not run Tier 1 never load onnxruntime-web.
 *
 * @packageDocumentation
 * @module cadlens/browser
 */
import { provideStaticPackages } from './runtime/static-packages.js';

// The core as in src/index.ts, with zod, three and three-mesh-bvh up front (no synchronous loader in a browser).
// Not `export * from './index.js'`: its body would go into a shared chunk imported only for its side effects.
export * from './core.js';
export { createOnnxWebEngine, type OnnxWebEngineOptions, type WebExecutionProvider } from './runtime/browser/onnx-web-engine.js';
export {
  createBrowserAnalyzer,
  createBrowserRecognizers,
  type BrowserAnalyzerOptions,
  type BrowserRecognizersOptions,
} from './runtime/browser/create-browser-analyzer.js';
export {
  createWorkerAnalyzer,
  type WorkerAnalyzer,
  type WorkerAnalyzerOptions,
  type WorkerAnalyzeOptions,
  type WorkerAnalysis,
  type WorkerLike,
} from './runtime/browser/worker/create-worker-analyzer.js';
export { serveAnalyzerInWorker, type WorkerScopeLike } from './runtime/browser/worker/serve-analyzer-in-worker.js';
export type { WorkerAssets, WorkerInit, WorkerAnalyzeRequest, WorkerCancel, WorkerProgress, WorkerDone, WorkerFailed, PageToWorker, WorkerToPage } from './runtime/browser/worker/protocol.js';

provideStaticPackages();
