/**
 * Tier 2: heuristic machining-feature recognition on the attributed adjacency graph.
 * @packageDocumentation
 */
export { createHeuristicRecognizer, recognizeFeatures, TIER2_NOMINAL_CONFIDENCE, type HeuristicRecognizerOptions, type HeuristicDetails } from './heuristic-recognizer.js';
export { buildFeatureGraphFromPart, type FeatureGraph, type GraphFace, type GraphSurfaceKind } from './feature-graph.js';
export { classifyFeatures, TIER2_RULES, type FeatureClassification } from './classify-features.js';
export type { RuleMatch, FeatureRule } from './rule-match.js';
