export * from './geometry-types.js';
export * from './part.js';
export * from './aag.js';
export * from './part-mesh.js';
export * from './part-json.js';
export * from './split-part-by-solid.js';
export * from './solid-instances.js';
