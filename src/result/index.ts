export * from './analysis-result-schema.js';
