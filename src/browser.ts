/**
 * cadlens/browser: everything in `cadlens`, plus the onnxruntime-web engine (WebGPU with wasm fallback).
 * Kept out of the root entry so embedders that do not run Tier 1 never load onnxruntime-web.
 *
 * @packageDocumentation
 * @module cadlens/browser
 */
export * from './index.js';
export { createOnnxWebEngine, type OnnxWebEngineOptions, type WebExecutionProvider } from './runtime/browser/onnx-web-engine.js';
export {
  createBrowserAnalyzer,
  createBrowserRecognizers,
  type BrowserAnalyzerOptions,
  type BrowserRecognizersOptions,
} from './runtime/browser/create-browser-analyzer.js';
