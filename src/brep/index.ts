/**
 * STEP → B-Rep Part builder and the B-Rep attributed adjacency graph.
 *
 * @packageDocumentation
 */
export { buildPartFromStep, type BuildPartOptions } from './build-part-from-step.js';
export { buildAagFromBrep } from './aag-from-brep.js';
export { unitsOfContext, DEFAULT_UNITS } from './units.js';
export { edgeRange as edgeParameterRangeOf } from './edge-ranges.js';
