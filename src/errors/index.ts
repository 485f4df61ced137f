export * from './error-codes.js';
export * from './cadlens-error.js';
export * from './abort.js';
