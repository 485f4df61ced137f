/**
 * Configuration from the environment and options, validated with zod.
 *
 * @packageDocumentation
 */
export * from './load-config.js';
