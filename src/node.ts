/**
 * cadlens/node: the Node entry. Everything in `cadlens`, plus file paths, worker threads and the
 * onnxruntime-node engine.
 *
 * @packageDocumentation
 * @module cadlens/node
 */
import { installNodeRequire } from './runtime/node/use-node-require.js';

// The core without the browser entry's up-front zod and three (src/index.ts): Node loads them on first use.
export * from './core.js';
export * from './runtime/node/index.js';
export * from './runtime/node/pool/index.js';
export { createNodeAnalyzer, analyze, type NodeAnalyzer, type NodeAnalyzerOptions } from './runtime/node/analyze-file.js';
export type { NodeAnalyzeInput } from './runtime/node/node-readable-input.js';
export { inspectInputFile, readInputFile, type InputFileOptions, type InputFileResult } from './runtime/node/input-file.js';
export { runCli, EXIT, type CliIo } from './runtime/node/cli/main.js';
export {
  createOnnxNodeEngine,
  bundledModelPath,
  cudaProviderMaybeInstalled,
  type OnnxNodeEngineOptions,
  type NodeExecutionProvider,
} from './runtime/node/onnx-engine.js';
export { createDefaultRecognizers, DEFAULT_TIER1_MODEL, type DefaultRecognizersOptions } from './runtime/node/default-recognizers.js';
export * from './runtime/node/http/index.js';

installNodeRequire();
