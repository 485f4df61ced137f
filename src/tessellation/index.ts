export * from './occt-types.js';
export { createOcctError, describeNoMesh, resolveDeflection } from './occt-outcome.js';
export * from './flatten-occt-result.js';
export * from './mesh-adjacency.js';
export * from './mesh-derived-part.js';
export * from './attach-tessellation.js';
