/**
 * STEP → B-Rep Part builder and the B-Rep attributed adjacency graph.
 *
 * @packageDocumentation
 */
export { buildPartFromStep, type BuildPartOptions } from './build-part-from-step.js';
export { MAX_INSTANCE_NESTING, MAX_SOLID_INSTANCES, type InstancingLimits } from './instancing.js';
export { buildAagFromBrep } from './aag-from-brep.js';
export { unitsOfContext, DEFAULT_UNITS } from './units.js';
export { edgeRange as edgeParameterRangeOf } from './edge-ranges.js';
