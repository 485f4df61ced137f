/**
 * cadlens: the browser-safe core entry.
 *
 * @packageDocumentation
 * @module cadlens
 */
import { provideStaticPackages } from './runtime/static-packages.js';

export * from './core.js';

// What browsers and bundlers get for 'cadlens' (Node gets src/index-node.ts through the "node" export
// condition): zod, three and three-mesh-bvh up front (src/runtime/static-packages.ts). package.json
// `sideEffects` lists this file so that a bundler does not skip it while following its re-exports.
provideStaticPackages();
