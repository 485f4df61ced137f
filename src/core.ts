// The core's public exports, shared by every entry: src/index.ts (`cadlens` for browsers and bundlers),
// src/index-node.ts (`cadlens` in Node), src/node.ts and src/browser.ts. It imports neither zod nor three:
// the entries decide whether they come up front or on first use (src/deferred-packages/deferred-module.ts).
export * from './errors/index.js';
export * from './storage/index.js';
export * from './resilience/index.js';
export * from './config/index.js';
export * from './inference/index.js';
export * from './model/index.js';
export * from './formats/step/index.js';
export * from './brep/index.js';
export * from './tessellation/index.js';
export * from './stages/intake/index.js';
export * from './stages/validate/index.js';
export * from './stages/score/index.js';
export * from './stages/recognize/index.js';
export * from './analyze/index.js';
export {
  ANALYSIS_SCHEMA_VERSION,
  STAGE_NAMES,
  analysisResultSchema,
  analysisResultJsonSchema,
  findingSchema,
  stageResultSchema,
  recognitionSchema,
  type AnalysisResult,
  type RecognitionResult,
} from './result/index.js';
export { createOcctInlineTessellator, type OcctInlineTessellatorOptions, type OcctModuleFactory } from './runtime/browser/occt-inline-tessellator.js';
export { CADLENS_VERSION } from './version.js';
export * from './formats/mesh/index.js';
export * from './stages/heal/index.js';
export * from './stages/validate/mesh/index.js';
