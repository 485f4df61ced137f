/**
 * gAAG extraction (AAGNet's input graph) from a B-Rep Part, in TypeScript, browser-safe.
 *
 * @packageDocumentation
 */
export { extractGaag, type ExtractGaagOptions, type ExtractGaagResult, type GaagWarning, type GaagWarningCode } from './extract-gaag.js';
export type { UnitBox } from './unit-box.js';
