/**
 * cadlens in Node (the "node" condition of the package's root export): the same exports as the
 * browser-safe entry, but zod, three and three-mesh-bvh are loaded when a synchronous export first needs
 * them (`loadConfig`, the result schemas, `assertValidResult`, `healMesh`, `measureMesh`), not with the
 * entry: an analysis needs none of them up front (bench/README.md, session 9).
 *
 * @packageDocumentation
 * @module cadlens
 */
import { installNodeRequire } from './runtime/node/use-node-require.js';

export * from './core.js';

installNodeRequire();
