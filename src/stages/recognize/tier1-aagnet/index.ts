/**
 * Tier 1: the AAGNet network on the full B-Rep (runtime-neutral; give it an engine from
 * `cadlens/node` or the browser entry, and the gAAG extractor).
 */
export {
  createAagnetRecognizer,
  ENVELOPE_STOCK_PROBABILITY,
  TIER1_NOMINAL_CONFIDENCE,
  type AagnetRecognizerOptions,
  type AagnetDetails,
  type GaagExtraction,
  type GaagExtractor,
} from './aagnet-recognizer.js';
