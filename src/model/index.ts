export * from './geometry-types.js';
export * from './part.js';
export * from './aag.js';
export * from './part-mesh.js';
export * from './part-json.js';
