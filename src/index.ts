/**
 * cadlens: the browser-safe core entry.
 *
 * @packageDocumentation
 */
export * from './errors/index.js';
export * from './storage/index.js';
export * from './resilience/index.js';
export * from './config/index.js';
export * from './inference/index.js';
