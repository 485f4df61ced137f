export * from './recognizer.js';
export * from './run-recognizers.js';
export * from './guard-with-breaker.js';
export { createAagnetRecognizer, TIER1_NOMINAL_CONFIDENCE, type AagnetRecognizerOptions, type AagnetDetails, type GaagExtraction, type GaagExtractor } from './tier1-aagnet/index.js';
export { createHeuristicRecognizer, TIER2_NOMINAL_CONFIDENCE, type HeuristicRecognizerOptions, type HeuristicDetails } from './tier2-heuristics/index.js';
