export * from './finding.js';
export * from './validator.js';
export * from './format/index.js';
export * from './parse/index.js';
export * from './geometry/index.js';
