export * from './occt-types.js';
export { createOcctError, describeNoMesh, resolveDeflection } from './occt-outcome.js';
